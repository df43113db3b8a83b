"""content_words from many threads at once (debaters run in threads; one shared snowball
stemmer raised IndexError inside it)."""

from concurrent.futures import ThreadPoolExecutor

from agora.text import content_words

TEXT = "Reminders reminded the organisational committees about rationalisations and nationalities"


def test_content_words_is_the_same_from_many_threads():
    want = content_words(TEXT)
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda _: content_words(" ".join([TEXT] * 20)), range(400)))
    assert all(g == want for g in got)
