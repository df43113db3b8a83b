"""word_f: short arithmetic word problems by a second author, a dev family to study.

Written independently, without reading the solver or the other word-problem families, so
that its phrasing is not tuned to what the solver already handles. Each template is a small
everyday story needing two or three whole-number steps; every division is exact and every
subtraction stays non-negative by construction. It lives in the dev split only.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family


def pancakes(rng: random.Random, who: str) -> tuple[str, int]:
    batches = rng.randint(2, 6)
    per_batch = rng.randint(6, 14)
    burnt = rng.randint(1, batches * per_batch // 3)
    q = (f"{who} is making pancakes for a sleepover. Each batch of batter makes {per_batch} pancakes, "
         f"and {who} mixes {batches} batches. Sadly, {burnt} of the pancakes get burnt and go in the bin. "
         f"How many pancakes are left to eat?")
    return q, batches * per_batch - burnt


def tent_pegs(rng: random.Random, who: str) -> tuple[str, int]:
    tents = rng.randint(2, 7)
    pegs = rng.randint(4, 12)
    spare = rng.randint(3, 20)
    q = (f"On a camping trip, {who}'s group puts up {tents} tents. Every tent needs {pegs} pegs. "
         f"The peg bag held {tents * pegs + spare} pegs before they started. "
         f"How many pegs are still in the bag after all the tents are up?")
    return q, spare


def zoo_feed(rng: random.Random, who: str) -> tuple[str, int]:
    penguins = rng.randint(5, 25)
    fish_each = rng.randint(2, 6)
    seals = rng.randint(2, 8)
    seal_fish = rng.randint(8, 20)
    q = (f"A zookeeper named {who} feeds the penguins and the seals. There are {penguins} penguins, and each one "
         f"eats {fish_each} fish. The {seals} seals eat {seal_fish} fish each. "
         f"How many fish does {who} hand out altogether?")
    return q, penguins * fish_each + seals * seal_fish


def bakery_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    per_box = rng.choice([4, 6, 8, 12])
    boxes = rng.randint(3, 15)
    sold_boxes = rng.randint(1, boxes - 1)
    q = (f"The bakery where {who} works packs its muffins {per_box} to a box. This morning {who} filled "
         f"{boxes} boxes. By lunchtime, {sold_boxes} boxes had been sold. "
         f"How many muffins were still on the shelf?")
    return q, (boxes - sold_boxes) * per_box


def car_trip(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([40, 45, 50, 55, 60, 70, 80])
    hours = rng.randint(2, 5)
    left = rng.randint(10, 120)
    q = (f"{who}'s family drives to the seaside. They drive for {hours} hours at {speed} kilometres per hour, "
         f"and then the sign says there are still {left} kilometres to go. "
         f"How long is the whole trip, in kilometres?")
    return q, speed * hours + left


def craft_fair(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.randint(2, 9)
    sold = rng.randint(5, 30)
    stall = rng.randint(5, min(40, price * sold))
    q = (f"At the craft fair, {who} sells knitted bookmarks for {price} dollars each. "
         f"Renting the stall cost {stall} dollars. {who} sold {sold} bookmarks. "
         f"After paying for the stall, how many dollars did {who} have left from the sales?")
    return q, price * sold - stall


def music_school(rng: random.Random, who: str) -> tuple[str, int]:
    groups = rng.randint(2, 6)
    per_group = rng.randint(3, 9)
    piano = groups * per_group
    violin = rng.randint(1, piano - 1)
    q = (f"At {who}'s music school, the piano pupils are split into {groups} groups of {per_group}. "
         f"There are {violin} violin pupils. How many more piano pupils are there than violin pupils?")
    return q, piano - violin


def football_club(rng: random.Random, who: str) -> tuple[str, int]:
    teams = rng.randint(2, 6)
    players = rng.randint(7, 11)
    coaches = rng.randint(1, 3)
    q = (f"{who}'s football club has {teams} teams. Each team has {players} players and {coaches} "
         f"{'coach' if coaches == 1 else 'coaches'}. Everyone gets a new shirt for the season. "
         f"How many shirts does the club need?")
    return q, teams * (players + coaches)


def bookshop(rng: random.Random, who: str) -> tuple[str, int]:
    shelves = rng.randint(3, 8)
    per_shelf = rng.randint(10, 30)
    total = shelves * per_shelf
    sold = rng.randint(1, total - 1)
    q = (f"{sold} books were sold at the bookshop on Saturday. Before the shop opened, {who} had counted "
         f"{shelves} shelves with {per_shelf} books on each. How many books were left at closing time?")
    return q, total - sold


def fish_pond(rng: random.Random, who: str) -> tuple[str, int]:
    goldfish = rng.randint(4, 20)
    times = rng.randint(2, 4)
    word = {2: "twice", 3: "three times", 4: "four times"}[times]
    q = (f"In the garden pond there are {goldfish} goldfish. There are {word} as many minnows as goldfish. "
         f"{who} counts every fish in the pond. What number does {who} get?")
    return q, goldfish + goldfish * times


def toy_factory(rng: random.Random, who: str) -> tuple[str, int]:
    per_hour = rng.randint(10, 40)
    hours = rng.randint(3, 8)
    per_crate = rng.choice([2, 4, 5, 10])
    made = per_hour * hours
    while made % per_crate:
        per_hour += 1
        made = per_hour * hours
    q = (f"A machine in the toy factory makes {per_hour} wooden trains every hour. {who} runs it for {hours} hours, "
         f"then packs the trains into crates that hold {per_crate} trains each. How many crates does {who} fill?")
    return q, made // per_crate


def birthday_party(rng: random.Random, who: str) -> tuple[str, int]:
    guests = rng.randint(4, 12)
    balloons_each = rng.randint(2, 5)
    popped = rng.randint(1, guests * balloons_each // 2)
    q = (f"For {who}'s birthday party, every guest gets {balloons_each} balloons. {guests} guests come. "
         f"During the games, {popped} balloons pop. How many balloons have not popped?")
    return q, guests * balloons_each - popped


def recycling_drive(rng: random.Random, who: str) -> tuple[str, int]:
    monday = rng.randint(10, 60)
    extra = rng.randint(5, 30)
    tuesday = monday + extra
    q = (f"In the school recycling drive, {who}'s class collected {monday} cans on Monday. On Tuesday they "
         f"collected {extra} more cans than on Monday. Then on Wednesday they collected as many as on Monday "
         f"and Tuesday put together. How many cans did they collect on Wednesday?")
    return q, monday + tuesday


def bike_shop(rng: random.Random, who: str) -> tuple[str, int]:
    bikes = rng.randint(3, 12)
    trikes = rng.randint(2, 10)
    q = (f"{who} is checking the tyres at the bike shop. There are {bikes} bicycles with 2 wheels each and "
         f"{trikes} tricycles with 3 wheels each. How many wheels does {who} check in all?")
    return q, bikes * 2 + trikes * 3


def cookie_share(rng: random.Random, who: str) -> tuple[str, int]:
    friends = rng.randint(2, 6)
    each = rng.randint(2, 8)
    kept = rng.randint(1, 6)
    total = friends * each + kept
    q = (f"{who} baked {total} cookies. After keeping {kept} for the family, {who} shared the rest equally "
         f"among {friends} friends. How many cookies did each friend get?")
    return q, each


def allowance_savings(rng: random.Random, who: str) -> tuple[str, int]:
    weekly = rng.randint(3, 12)
    weeks = rng.randint(3, 10)
    spent = rng.randint(1, weekly * weeks // 2)
    q = (f"{who} gets {weekly} dollars of pocket money every week and saves all of it for {weeks} weeks. "
         f"Then {who} spends {spent} dollars on a kite. How much money does {who} have now, in dollars?")
    return q, weekly * weeks - spent


def garden_rows(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(3, 9)
    per_row = rng.randint(4, 12)
    eaten = rng.randint(1, per_row)
    q = (f"{who} plants lettuces in {rows} rows, with {per_row} lettuces in every row. Snails eat one whole row. "
         f"Later, {eaten} more lettuces are eaten by rabbits. How many lettuces survive?")
    return q, (rows - 1) * per_row - eaten


def library_reading(rng: random.Random, who: str) -> tuple[str, int]:
    pages = rng.randint(100, 300)
    per_day = rng.randint(8, 25)
    days = rng.randint(2, 5)
    while per_day * days > pages:
        days -= 1
    q = (f"{who}'s library book has {pages} pages. {who} reads {per_day} pages a day for {days} days. "
         f"How many pages are still left to read?")
    return q, pages - per_day * days


def pizza_slices(rng: random.Random, who: str) -> tuple[str, int]:
    pizzas = rng.randint(2, 6)
    slices = rng.choice([6, 8, 10, 12])
    people = rng.choice([d for d in range(2, 13) if (pizzas * slices) % d == 0])
    q = (f"{who} orders {pizzas} pizzas for movie night. Each pizza is cut into {slices} slices. "
         f"If {people} people share all the slices fairly, how many slices does each person get?")
    return q, pizzas * slices // people


def marbles_half(rng: random.Random, who: str) -> tuple[str, int]:
    half = rng.randint(5, 40)
    start = half * 2
    won = rng.randint(3, 25)
    q = (f"{who} had {start} marbles and gave half of them to a little cousin. The next day {who} won {won} "
         f"marbles in a game at school. How many marbles does {who} have now?")
    return q, half + won


def dozen_eggs(rng: random.Random, who: str) -> tuple[str, int]:
    dozens = rng.randint(2, 5)
    per_cake = rng.randint(2, 4)
    cakes = rng.randint(1, dozens * 12 // per_cake)
    q = (f"{who} buys {dozens} dozen eggs for the school cake sale. Each cake needs {per_cake} eggs, "
         f"and {who} bakes {cakes} cakes. How many eggs are left over?")
    return q, dozens * 12 - cakes * per_cake


def bus_passengers(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(10, 40)
    off = rng.randint(1, start)
    on = rng.randint(1, 20)
    q = (f"The bus {who} takes to school has {start} passengers when it pulls up. At the stop, {off} people "
         f"get off and {on} get on, including {who}. How many passengers are on the bus as it drives away?")
    return q, start - off + on


def aquarium_tanks(rng: random.Random, who: str) -> tuple[str, int]:
    tanks = rng.randint(3, 8)
    per_tank = rng.randint(5, 15)
    new = rng.randint(2, 6)
    q = (f"Every one of the {tanks} tanks at the aquarium shop holds {per_tank} fish. {who} buys {new} new fish "
         f"for each tank. How many fish does the shop have now?")
    return q, tanks * (per_tank + new)


def sticker_album(rng: random.Random, who: str) -> tuple[str, int]:
    pages = rng.randint(5, 20)
    per_page = rng.randint(4, 10)
    have = rng.randint(1, pages * per_page - 1)
    q = (f"{who}'s sticker album has {pages} pages, and each page has room for {per_page} stickers. "
         f"So far {who} has stuck in {have} stickers. How many more stickers does {who} need to fill the album?")
    return q, pages * per_page - have


def lemonade_stand(rng: random.Random, who: str) -> tuple[str, int]:
    cups_per_jug = rng.randint(5, 12)
    jugs = rng.randint(2, 6)
    price = rng.randint(1, 3)
    q = (f"{who} runs a lemonade stand. One jug fills {cups_per_jug} cups, and {who} makes {jugs} jugs. "
         f"Every cup sells for {price} {'dollar' if price == 1 else 'dollars'}. If every cup is sold, "
         f"how many dollars does {who} take in?")
    return q, cups_per_jug * jugs * price


def train_seats(rng: random.Random, who: str) -> tuple[str, int]:
    carriages = rng.randint(3, 8)
    seats = rng.randint(20, 60)
    taken = rng.randint(1, carriages * seats)
    q = (f"{who} boards a train with {carriages} carriages. Each carriage has {seats} seats, and {taken} "
         f"seats are already taken. How many empty seats are there on the train?")
    return q, carriages * seats - taken


def paint_fence(rng: random.Random, who: str) -> tuple[str, int]:
    helpers = rng.randint(2, 5)
    each = rng.randint(3, 12)
    extra = rng.randint(2, 10)
    q = (f"{who} and {helpers} friends are painting a fence. Each friend paints {each} planks, and {who} "
         f"paints {extra} more planks than each friend. How many planks get painted altogether?")
    return q, helpers * each + each + extra


def orchard_apples(rng: random.Random, who: str) -> tuple[str, int]:
    bags = rng.randint(2, 8)
    per_bag = rng.randint(5, 15)
    gave = rng.randint(1, bags - 1)
    q = (f"At the orchard, {who} picks enough apples to fill {bags} bags with {per_bag} apples in each. "
         f"{who} gives {gave} full {'bag' if gave == 1 else 'bags'} to a neighbour. "
         f"How many apples does {who} keep?")
    return q, (bags - gave) * per_bag


def swimming_laps(rng: random.Random, who: str) -> tuple[str, int]:
    friend = rng.randint(4, 20)
    times = rng.randint(2, 3)
    word = "twice" if times == 2 else "three times"
    fewer = rng.randint(1, friend * times - 1)
    q = (f"At swimming practice, Sam swims {friend} laps. {who} swims {word} as many laps as Sam, "
         f"and then a third swimmer does {fewer} fewer laps than {who}. How many laps does the third swimmer swim?")
    return q, friend * times - fewer


def candle_shop(rng: random.Random, who: str) -> tuple[str, int]:
    each = rng.randint(2, 6)
    boxes = rng.randint(3, 9)
    total = each * boxes
    paid = total + rng.randint(0, 20)
    q = (f"Candles cost {each} dollars each at the market. {who} buys {boxes} candles and pays with "
         f"{paid} dollars. How much change should {who} get back, in dollars?")
    return q, paid - total


NAMES = ["Ada", "Ben", "Cleo", "Dev", "Elif", "Finn", "Gus", "Hiro", "Isla", "Joel", "Kira", "Leo", "Mina", "Nils", "Ola", "Pavel"]
STORIES = [
    pancakes, tent_pegs, zoo_feed, bakery_boxes, car_trip, craft_fair, music_school, football_club,
    bookshop, fish_pond, toy_factory, birthday_party, recycling_drive, bike_shop, cookie_share,
    allowance_savings, garden_rows, library_reading, pizza_slices, marbles_half, dozen_eggs,
    bus_passengers, aquarium_tanks, sticker_album, lemonade_stand, train_seats, paint_fence,
    orchard_apples, swimming_laps, candle_shop,
]


FAMILIES = [story_family("word_f", "word problems by a second author, a dev family to study (not held out)",
                         STORIES, NAMES, home="dev")]
__all__ = ["FAMILIES", "STORIES"]
