"""Held-out word problems (family ``word_e``), written by a second author.

These short everyday stories were written without reading the solver or the other word
families, so that they test whether the solver reads plain English rather than the
phrasings it was tuned on. Every story needs 2 or 3 whole-number steps, all numbers are
given in the text (no outside facts such as days in a week), and each answer is exact.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family


def bake_sale(rng: random.Random, who: str) -> tuple[str, int]:
    trays = rng.randint(2, 6)
    per_tray = rng.choice([6, 8, 9, 10, 12])
    sold = rng.randint(2, trays * per_tray - 1)
    q = (f"{who} baked {trays} trays of muffins with {per_tray} muffins on each tray. "
         f"At the school bake sale, {sold} muffins were sold. "
         f"How many muffins are left?")
    return q, trays * per_tray - sold


def bus_route(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(15, 45)
    off1 = rng.randint(2, start - 5)
    on1 = rng.randint(2, 15)
    off2 = rng.randint(2, start - off1 + on1)
    q = (f"{who} rides a bus that leaves the station with {start} people on board. "
         f"At the first stop {off1} people get off and {on1} people get on. "
         f"At the next stop {off2} people get off. "
         f"How many people are on the bus now?")
    return q, start - off1 + on1 - off2


def egg_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    size = rng.choice([6, 10, 12])
    boxes = rng.randint(3, 12)
    total = size * boxes
    monday = rng.randint(2, total - 2)
    tuesday = total - monday
    q = (f"On the farm, {who} collected {monday} eggs on Monday and {tuesday} eggs on Tuesday. "
         f"All the eggs are packed into boxes that hold {size} eggs each. "
         f"How many boxes does {who} fill?")
    return q, boxes


def stationery_change(rng: random.Random, who: str) -> tuple[str, int]:
    count = rng.randint(2, 6)
    price = rng.randint(2, 5)
    pen = rng.randint(1, 4)
    cost = count * price + pen
    bill = rng.choice([b for b in (20, 50) if b >= cost])
    q = (f"{who} buys {count} notebooks that cost ${price} each and a pen that costs ${pen}. "
         f"{who} pays with a ${bill} bill. "
         f"How much money does {who} get back in change?")
    return q, bill - cost


def library_shelf(rng: random.Random, who: str) -> tuple[str, int]:
    morning = rng.randint(3, 15)
    books = rng.randint(3 * morning, 3 * morning + 40)
    q = (f"The class library had {books} books on its shelf. "
         f"In the morning, {morning} books were borrowed, and in the afternoon twice as many "
         f"were borrowed. How many books are still on the shelf?")
    return q, books - 3 * morning


def basketball_points(rng: random.Random, who: str) -> tuple[str, int]:
    twos = rng.randint(2, 12)
    threes = rng.randint(2, 6)
    free = rng.randint(2, 5)
    q = (f"In a basketball game, {who} made {twos} baskets worth 2 points each and "
         f"{threes} baskets worth 3 points each. {who} also scored {free} free throws "
         f"worth 1 point each. How many points did {who} score in total?")
    return q, 2 * twos + 3 * threes + free


def pizza_party(rng: random.Random, who: str) -> tuple[str, int]:
    slices = rng.choice([6, 8, 10, 12])
    pizzas = rng.randint(2, 5)
    total = slices * pizzas
    friends = rng.choice([d for d in range(2, 13) if total % d == 0])
    q = (f"For a party, {who} ordered {pizzas} pizzas. Each pizza was cut into {slices} slices. "
         f"The slices were shared equally among {friends} children. "
         f"How many slices did each child get?")
    return q, total // friends


def sticker_album(rng: random.Random, who: str) -> tuple[str, int]:
    have = rng.randint(10, 60)
    gift = rng.randint(5, 40)
    if (have + gift) % 2:
        gift += 1
    q = (f"{who} had {have} stickers and got {gift} more stickers as a birthday present. "
         f"Then {who} gave half of all the stickers to a little cousin. "
         f"How many stickers does {who} have left?")
    return q, (have + gift) // 2


def classroom_pencils(rng: random.Random, who: str) -> tuple[str, int]:
    boxes = rng.randint(3, 8)
    per_box = rng.choice([10, 12, 20, 24])
    each = rng.randint(2, 3)
    students = rng.randint(5, min(30, boxes * per_box // each))
    q = (f"{who}'s teacher has {boxes} boxes of pencils, and each box holds {per_box} pencils. "
         f"The teacher gives {each} pencils to each of the {students} students in the class. "
         f"How many pencils does the teacher have left?")
    return q, boxes * per_box - students * each


def vegetable_garden(rng: random.Random, who: str) -> tuple[str, int]:
    t_rows = rng.randint(2, 8)
    t_each = rng.randint(3, 9)
    p_rows = rng.randint(2, 6)
    p_each = rng.randint(3, 9)
    q = (f"{who} planted {t_rows} rows of tomato plants with {t_each} plants in each row. "
         f"Next to them, {who} planted {p_rows} rows of pepper plants with {p_each} plants in each row. "
         f"How many plants are in the garden in total?")
    return q, t_rows * t_each + p_rows * p_each


def weekly_savings(rng: random.Random, who: str) -> tuple[str, int]:
    per_week = rng.randint(2, 10)
    weeks = rng.randint(3, 12)
    spent = rng.randint(1, per_week * weeks)
    q = (f"{who} puts ${per_week} into a piggy bank every week for {weeks} weeks. "
         f"Then {who} spends ${spent} on a board game. "
         f"How much money is left in the piggy bank?")
    return q, per_week * weeks - spent


def train_seats(rng: random.Random, who: str) -> tuple[str, int]:
    cars = rng.randint(3, 9)
    seats = rng.choice([20, 24, 30, 40, 50])
    total = cars * seats
    taken = rng.randint(total // 3, total)
    q = (f"{who} is taking a train to the seaside. The train has {cars} cars, "
         f"and each car has {seats} seats. There are {taken} passengers sitting down, "
         f"one in each seat. How many seats are empty?")
    return q, total - taken


def cookie_bags(rng: random.Random, who: str) -> tuple[str, int]:
    bags = rng.randint(2, 8)
    each = rng.randint(3, 9)
    eaten = rng.randint(1, 6)
    baked = bags * each + eaten
    q = (f"{who} baked {baked} cookies and ate {eaten} of them while they were still warm. "
         f"The rest were packed into {bags} bags with the same number of cookies in each bag. "
         f"How many cookies went into each bag?")
    return q, each


def marble_jars(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(5, 25)
    lost = rng.randint(2, 4 * mine)
    q = (f"{who} has {mine} marbles. {who}'s older brother has three times as many marbles. "
         f"While playing in the park, they lost {lost} marbles together. "
         f"How many marbles do they have now altogether?")
    return q, 4 * mine - lost


def mountain_hike(rng: random.Random, who: str) -> tuple[str, int]:
    before = rng.randint(1, 6)
    trail = rng.randint(3 * before, 3 * before + 12)
    q = (f"A hiking trail is {trail} km long. {who} walked {before} km before lunch and "
         f"twice as far after lunch. How many km of the trail does {who} still have to walk?")
    return q, trail - 3 * before


def lemonade_stand(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.randint(1, 3)
    cups = rng.randint(10, 40)
    costs = rng.randint(3, cups * price)
    q = (f"{who} set up a lemonade stand and sold {cups} cups for ${price} each. "
         f"The lemons and sugar had cost ${costs}. "
         f"How much money did {who} make after paying for the lemons and sugar?")
    return q, cups * price - costs


def school_play(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(4, 12)
    per_row = rng.choice([8, 10, 12, 15])
    total = rows * per_row
    parents = rng.randint(total // 4, total // 2)
    kids = rng.randint(2, total - parents)
    q = (f"For the school play, {who} helped set out {rows} rows of chairs with {per_row} chairs in each row. "
         f"Then {parents} parents and {kids} children came and each took one chair. "
         f"How many chairs were still empty?")
    return q, total - parents - kids


def bead_necklaces(rng: random.Random, who: str) -> tuple[str, int]:
    per = rng.choice([5, 8, 10, 12, 15])
    count = rng.randint(2, 9)
    total = per * count
    red = rng.randint(2, total - 2)
    blue = total - red
    q = (f"{who} has {red} red beads and {blue} blue beads. "
         f"Each necklace {who} makes uses {per} beads. "
         f"If {who} uses all the beads, how many necklaces can {who} make?")
    return q, count


def reading_challenge(rng: random.Random, who: str) -> tuple[str, int]:
    per_day = rng.randint(5, 20)
    days = rng.randint(2, 8)
    pages = per_day * days + rng.randint(0, 100)
    q = (f"{who}'s new adventure book has {pages} pages. "
         f"{who} reads {per_day} pages every evening for {days} evenings. "
         f"How many pages are left to read?")
    return q, pages - per_day * days


def fruit_stall(rng: random.Random, who: str) -> tuple[str, int]:
    apples = rng.randint(2, 8)
    a_price = rng.randint(1, 3)
    melons = rng.randint(2, 4)
    m_price = rng.randint(3, 6)
    q = (f"At the market, {who} buys {apples} apples at ${a_price} each and "
         f"{melons} melons at ${m_price} each. "
         f"How much money does {who} spend altogether?")
    return q, apples * a_price + melons * m_price


def soccer_teams(rng: random.Random, who: str) -> tuple[str, int]:
    teams = rng.randint(2, 6)
    size = rng.randint(4, 9)
    total = teams * size
    girls = rng.randint(2, total - 2)
    boys = total - girls
    q = (f"At soccer camp there are {girls} girls and {boys} boys. "
         f"Coach {who} splits all of them into {teams} teams of the same size. "
         f"How many players are on each team?")
    return q, size


def aquarium_fish(rng: random.Random, who: str) -> tuple[str, int]:
    tanks = rng.randint(2, 5)
    each = rng.randint(3, 8)
    total = tanks * each
    bought = rng.randint(2, total - 2)
    fish = total - bought
    q = (f"{who} has {fish} goldfish in one big tank and buys {bought} more at the pet shop. "
         f"Then {who} shares all the goldfish equally among {tanks} smaller tanks. "
         f"How many goldfish go into each tank?")
    return q, each


NAMES = ["Alba", "Bilal", "Cora", "Dmitri", "Esi", "Femi", "Greta", "Hugo",
         "Ines", "Jonas", "Kemal", "Liv", "Marek", "Noor", "Oskar", "Pia"]
STORIES = [
    bake_sale,
    bus_route,
    egg_boxes,
    stationery_change,
    library_shelf,
    basketball_points,
    pizza_party,
    sticker_album,
    classroom_pencils,
    vegetable_garden,
    weekly_savings,
    train_seats,
    cookie_bags,
    marble_jars,
    mountain_hike,
    lemonade_stand,
    school_play,
    bead_necklaces,
    reading_challenge,
    fruit_stall,
    soccer_teams,
    aquarium_fish,
]


FAMILIES = [story_family("word_e", "word problems written by a second author, apart from the solver (held-out)",
                         STORIES, NAMES, home="heldout")]
__all__ = ["FAMILIES", "STORIES"]
