"""word_l: 30 short arithmetic word problems by an eighth author, a dev family.

Written by a helper session without reading the solver or the other word families. Theme:
hobbies and home life (collections, crafts, cooking, gardening, sports practice, games,
pocket money, pets, saving up, sharing). 2 to 4 steps each; whole-number answers; every
division is exact and every subtraction non-negative by construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = [
    "Matilda", "Maya", "Nikhil", "Olga", "Petra", "Quentin", "Ravi", "Ronan",
    "Sanna", "Teodor", "Ulla", "Vera", "Wiremu", "Ximena", "Yara", "Zeke",
]


def stamp_album(rng: random.Random, who: str) -> tuple[str, int]:
    have = rng.randint(40, 120)
    packs = rng.randint(2, 6)
    per = rng.choice([10, 12, 15, 20, 25])
    given = rng.randint(5, 30)
    q = (f"{who} collects stamps and has {have} in an album. For a birthday, {who}'s grandmother "
         f"sends {packs} envelopes with {per} stamps in each. {who} then gives {given} doubles "
         f"to a cousin. How many stamps does {who} have now?")
    return q, have + packs * per - given


def muffin_eggs(rng: random.Random, who: str) -> tuple[str, int]:
    eggs = rng.choice([2, 3, 4])
    batches = rng.choice([x for x in range(2, 13) if eggs * x % 6 == 0])
    muffins = 12 * batches
    q = (f"A recipe for a dozen muffins calls for {eggs} eggs. {who} wants to bake {muffins} "
         f"muffins for the school fair, and eggs are sold in boxes of six. "
         f"How many boxes of eggs does {who} need to buy?")
    return q, (muffins // 12) * eggs // 6


def rabbit_lettuce(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(3, 9)
    per = 4 * rng.randint(2, 6)
    total = rows * per
    q = (f"{who} planted {rows} rows of lettuce in the back garden, with {per} plants in each "
         f"row. One night a rabbit got in and ate a quarter of the plants. "
         f"How many lettuce plants are still growing?")
    return q, total - total // 4


def free_throws(rng: random.Random, who: str) -> tuple[str, int]:
    shots = rng.randint(15, 40)
    weeks = rng.randint(2, 6)
    q = (f"{who} is on the basketball team and practises free throws. From Monday to Friday "
         f"{who} shoots {shots} free throws a day, and on Saturday twice that many; Sunday is a "
         f"rest day. How many free throws does {who} shoot in {weeks} weeks?")
    return q, (5 * shots + 2 * shots) * weeks


def skateboard_weeks(rng: random.Random, who: str) -> tuple[str, int]:
    per = rng.randint(4, 12)
    weeks = rng.randint(5, 20)
    have = rng.randint(10, 60)
    price = have + per * weeks
    q = (f"{who} has ${have} in a piggy bank and wants a skateboard that costs ${price}. "
         f"Every week {who} gets ${per} of pocket money and saves all of it. "
         f"How many weeks will it take {who} to have enough for the skateboard?")
    return q, (price - have) // per


def dog_food_days(rng: random.Random, who: str) -> tuple[str, int]:
    morning = rng.randint(2, 4)
    evening = rng.randint(2, 4)
    days = rng.randint(6, 20)
    age = rng.randint(2, 12)
    bag = (morning + evening) * days
    q = (f"{who}'s dog Biscuit is {age} years old and gets {morning} cups of food in the "
         f"morning and {evening} cups in the evening. A new bag of dog food holds {bag} cups. "
         f"For how many days will the bag last?")
    return q, bag // (morning + evening)


def scarf_minutes(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(10, 30)
    minutes_each = rng.randint(20, 60)
    stitches = rate * minutes_each
    n, n_word = rng.choice([(2, "two"), (3, "three"), (4, "four")])
    done = rng.randint(10, minutes_each)
    q = (f"{who} is knitting scarves as presents and knits {rate} stitches a minute. Each scarf "
         f"takes {stitches} stitches, and {who} wants to make {n_word} of them. {who} has "
         f"already spent {done} minutes on the first one. "
         f"How many more minutes of knitting are left?")
    return q, n * stitches // rate - done


def card_game_rounds(rng: random.Random, who: str) -> tuple[str, int]:
    first = rng.randint(10, 40)
    fewer = rng.randint(4, 15)
    q = (f"In a card game with friends, {who} scores {first} points in the first round. In the "
         f"second round {who} scores double that, and in the third round {fewer} points fewer "
         f"than in the second. What is {who}'s total score for the three rounds?")
    return q, first + 2 * first + (2 * first - fewer)


def marbles_third(rng: random.Random, who: str) -> tuple[str, int]:
    friends = rng.randint(2, 6)
    marbles = 3 * friends * rng.randint(2, 8)
    q = (f"{who} has a bag of {marbles} marbles. {who} keeps one third of them and shares the "
         f"rest equally among {friends} friends. How many marbles does each friend get?")
    return q, (marbles - marbles // 3) // friends


def seashells_compare(rng: random.Random, who: str) -> tuple[str, int]:
    shells = rng.randint(8, 40)
    fewer = rng.randint(5, min(20, 2 * shells - 2))
    q = (f"On a beach holiday {who} collected {shells} seashells. {who}'s older sister collected "
         f"three times as many, and their little brother collected {fewer} fewer than the "
         f"sister. How many more seashells did the brother collect than {who}?")
    return q, 3 * shells - fewer - shells


def pancake_milk(rng: random.Random, who: str) -> tuple[str, int]:
    milk, most = rng.choice([(100, 10), (125, 8), (150, 6), (200, 5), (250, 4)])
    per_batch = rng.choice([4, 6, 8])
    batches = rng.randint(2, most - 1)
    pancakes = per_batch * batches
    q = (f"{who}'s pancake recipe makes {per_batch} pancakes with {milk} ml of milk. On Sunday "
         f"at 8 o'clock in the morning, {who} makes {pancakes} pancakes for the family, using "
         f"milk from a full 1-litre carton. How many millilitres of milk are left in the carton?")
    return q, 1000 - pancakes // per_batch * milk


def trading_cards_change(rng: random.Random, who: str) -> tuple[str, int]:
    packs = rng.randint(2, 6)
    price = rng.randint(2, 6)
    binder = rng.randint(5, 15)
    total = packs * price + binder
    bill = 20 if total < 20 else 50 if total < 50 else 100
    q = (f"At the games shop, {who} buys {packs} packs of trading cards at ${price} each and a "
         f"binder to keep them in for ${binder}. {who} pays with a ${bill} bill. "
         f"How much change does {who} get?")
    return q, bill - (packs * price + binder)


def jigsaw_left(rng: random.Random, who: str) -> tuple[str, int]:
    pieces = rng.choice([500, 750, 1000])
    saturday = rng.randint(40, 160)
    q = (f"{who} and Dad started a {pieces}-piece jigsaw puzzle at 10 a.m. on Saturday and "
         f"fitted {saturday} pieces that day. On Sunday they fitted twice as many pieces as on "
         f"Saturday. How many pieces are still left to fit?")
    return q, pieces - saturday - 2 * saturday


def football_percent(rng: random.Random, who: str) -> tuple[str, int]:
    pct, unit = rng.choice([(10, 10), (20, 5), (25, 4), (50, 2)])
    shots = unit * rng.randint(4, 12)
    goals = shots * pct // 100
    more = rng.randint(2, 8)
    q = (f"Over the football season {who} took {shots} shots at goal and scored with {pct}% of "
         f"them. {who}'s best friend on the team scored {more} more goals than {who}. "
         f"How many goals did the two friends score altogether?")
    return q, goals + (goals + more)


def tomato_bags(rng: random.Random, who: str) -> tuple[str, int]:
    plants = rng.randint(4, 10)
    per = rng.randint(8, 20)
    total = plants * per
    size = rng.choice([5, 6, 8, 10])
    bags = rng.choice([b for b in range(1, 30) if total - size * b >= 10])
    sauce = total - size * bags
    q = (f"{who} grows tomatoes on {plants} plants, and each plant gives {per} ripe tomatoes "
         f"this summer. {who} keeps {sauce} tomatoes to cook into sauce and packs the rest into "
         f"bags of {size} for the neighbours. How many bags does {who} fill?")
    return q, (plants * per - sauce) // size


def video_game_weeks(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(3, 10)
    his = rng.randint(2, 8)
    weeks = rng.randint(4, 12)
    price = (mine + his) * weeks
    q = (f"{who} and a younger brother are saving together for a video game that costs "
         f"${price}. {who} puts in ${mine} every week and the brother puts in ${his} every "
         f"week. After how many weeks will they have exactly enough?")
    return q, price // (mine + his)


def aquarium_fish(rng: random.Random, who: str) -> tuple[str, int]:
    fish = 2 * rng.randint(3, 12)
    gift = rng.randint(1, 5)
    q = (f"{who} has {fish} fish in an aquarium. At the pet shop {who} buys half as many new "
         f"fish as are already in the tank, but later gives {gift} of the fish to a friend who "
         f"is starting a tank. How many fish does {who} have now?")
    return q, fish + fish // 2 - gift


def bead_bracelets(rng: random.Random, who: str) -> tuple[str, int]:
    per = rng.randint(12, 30)
    friends = rng.randint(3, 8)
    beads = per * (friends + 2) + rng.randint(1, 40)
    q = (f"{who} has a jar of {beads} beads, and each friendship bracelet needs {per} beads. "
         f"{who} makes one bracelet for each of {friends} friends and two more to keep. "
         f"How many beads are left in the jar?")
    return q, beads - per * (friends + 2)


def track_kilometres(rng: random.Random, who: str) -> tuple[str, int]:
    days = rng.randint(3, 6)
    laps = rng.choice([x for x in range(4, 16) if x * days % 5 == 0])
    q = (f"{who} is training for a race on a 400-metre track and runs {laps} laps a day for "
         f"{days} days. How many kilometres does {who} run in total?")
    return q, laps * days * 400 // 1000


def stickers_start(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(20, 80)
    gave = rng.randint(5, start - 5)
    sheets = rng.randint(2, 5)
    per = rng.choice([6, 8, 10, 12])
    day = rng.randint(2, 28)
    now = start - gave + sheets * per
    q = (f"On {day} May, {who} gave {gave} stickers to a little brother and then bought "
         f"{sheets} sheets of stickers with {per} stickers on each sheet. Now {who} has {now} "
         f"stickers. How many stickers did {who} have at the start?")
    return q, now + gave - sheets * per


def chess_points(rng: random.Random, who: str) -> tuple[str, int]:
    wins = rng.randint(4, 12)
    draws = rng.randint(1, 6)
    losses = rng.randint(0, 6)
    fewer = rng.randint(2, 6)
    q = (f"In the chess club league a win is worth 2 points, a draw 1 point and a loss nothing. "
         f"{who} played {wins + draws + losses} games this term, winning {wins} and drawing "
         f"{draws}. {who}'s friend finished with {fewer} points fewer than {who}. "
         f"How many points did the two of them get together?")
    mine = 2 * wins + draws
    return q, mine + (mine - fewer)


def cookie_trays(rng: random.Random, who: str) -> tuple[str, int]:
    rounds = rng.randint(2, 6)
    minutes = rng.randint(9, 15)
    cookies = 24 * rounds
    q = (f"{who} is baking {cookies} cookies for a class party. Each tray holds a dozen cookies, "
         f"the oven fits two trays at a time, and each batch bakes for {minutes} minutes. "
         f"How many minutes will all the baking take?")
    return q, cookies // 12 // 2 * minutes


def birthday_money(rng: random.Random, who: str) -> tuple[str, int]:
    k = rng.randint(5, 15)
    money = 4 * k
    snacks = rng.randint(3, 3 * k - 2)
    age = rng.randint(8, 13)
    q = (f"{who} turned {age} and got ${money} in birthday money. {who} spent a quarter of it "
         f"on a book about birds and ${snacks} on snacks for a sleepover, and saved the rest. "
         f"How much money did {who} save?")
    return q, money - money // 4 - snacks


def pizza_share(rng: random.Random, who: str) -> tuple[str, int]:
    friends = rng.randint(2, 7)
    pizzas = rng.choice([x for x in range(2, 10) if 8 * x % (friends + 1) == 0])
    q = (f"For a games night {who} orders {pizzas} pizzas, each cut into 8 slices. {who} and "
         f"{friends} friends share all the slices equally. How many slices do {who} and two of "
         f"the friends eat between them?")
    return q, 8 * pizzas // (friends + 1) * 3


def watering_can(rng: random.Random, who: str) -> tuple[str, int]:
    can = rng.choice([5, 6, 8, 10])
    fills = rng.randint(3, 10)
    total = can * fills
    roses = rng.choice([r for r in range(1, 20) if 3 * r <= total - 2 and (total - 3 * r) % 2 == 0])
    tomatoes = (total - 3 * roses) // 2
    q = (f"{who} waters the garden with a {can}-litre watering can. Each tomato plant needs 2 "
         f"litres of water and each rose bush needs 3 litres. There are {tomatoes} tomato "
         f"plants and {roses} rose bushes. How many times does {who} have to fill the can?")
    return q, (2 * tomatoes + 3 * roses) // can


def comic_bundles(rng: random.Random, who: str) -> tuple[str, int]:
    single = rng.randint(4, 7)
    bundle = rng.randint(4 * single - 8, 4 * single - 2)
    wanted = 4 * rng.randint(2, 5)
    q = (f"At the comic shop a single comic costs ${single}, but a bundle of four comics costs "
         f"${bundle}. {who} wants {wanted} comics. How much money does {who} save by buying "
         f"bundles instead of single comics?")
    return q, single * wanted - wanted // 4 * bundle


def pet_sitting(rng: random.Random, who: str) -> tuple[str, int]:
    walk = rng.randint(5, 10)
    feed = rng.randint(3, 6)
    walks = rng.randint(2, 5)
    age = rng.randint(3, 14)
    weeks, weeks_word = rng.choice([(2, "two"), (3, "three"), (4, "four")])
    q = (f"{who} looks after a neighbour's pets, earning ${walk} for each walk with the "
         f"{age}-year-old dog and ${feed} each time the cat is fed. Every week there are {walks} "
         f"dog walks, and the cat is fed once every day. "
         f"How much money does {who} earn in {weeks_word} weeks?")
    return q, (walk * walks + feed * 7) * weeks


def team_points(rng: random.Random, who: str) -> tuple[str, int]:
    k = rng.randint(6, 15)
    total = 4 * k
    more = rng.randint(2, 6)
    q = (f"{who}'s basketball team scored {total} points in Saturday's game. {who} scored a "
         f"quarter of the team's points, and teammate Jo scored {more} points more than {who}. "
         f"How many points did the rest of the team score?")
    mine = total // 4
    return q, total - mine - (mine + more)


def piggy_coins(rng: random.Random, who: str) -> tuple[str, int]:
    big = rng.randint(4, 20)
    mid = rng.randint(5, 30)
    small = rng.randint(5, 30)
    q = (f"{who} empties a piggy bank onto the table and counts {big} coins worth 25 cents, "
         f"{mid} coins worth 10 cents and {small} coins worth 5 cents. "
         f"What is the total value of the coins in cents?")
    return q, 25 * big + 10 * mid + 5 * small


def paper_cranes(rng: random.Random, who: str) -> tuple[str, int]:
    packs = rng.randint(2, 8)
    folded = rng.randint(20, 150)
    brother = rng.randint(10, 60)
    goal = folded + brother + 50 * packs
    q = (f"{who} wants to fold {goal} paper cranes for a school display. {who} has already "
         f"folded {folded}, and a brother has promised to fold {brother} more. Each crane uses "
         f"one sheet of paper, and the paper comes in packs of 50 sheets. "
         f"How many packs does {who} need for the rest of the cranes?")
    return q, (goal - folded - brother) // 50


STORIES = [
    stamp_album, muffin_eggs, rabbit_lettuce, free_throws, skateboard_weeks, dog_food_days,
    scarf_minutes, card_game_rounds, marbles_third, seashells_compare, pancake_milk,
    trading_cards_change, jigsaw_left, football_percent, tomato_bags, video_game_weeks,
    aquarium_fish, bead_bracelets, track_kilometres, stickers_start, chess_points,
    cookie_trays, birthday_money, pizza_share, watering_can, comic_bundles, pet_sitting,
    team_points, piggy_coins, paper_cranes,
]

FAMILIES = [story_family(
    "word_l",
    "word problems by an eighth author, a dev family to validate rules before held-out (not held out)",
    STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
