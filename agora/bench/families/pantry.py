"""The dev ``word_g`` family: thirty short grade-school word problems by a third author.

They were written by a helper session that read neither the solver (``agora/agent``) nor
the other story families, only the family record (:func:`.base.story_family`), so that
word_g shows how the loop does on stories whose wording nobody tuned it for. Topics are
everyday ones (pantry, kitchen, shop, school, sport, travel, garden, pets); each story takes
2 to 4 steps, every division is exact and every subtraction non-negative by construction,
and the answer is a whole number. It is a dev family: its items may be read and studied.

The first names are apart from those of the other word families.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = ["Anouk", "Bo", "Chidi", "Dara", "Esme", "Faisal", "Gideon", "Hamish", "Isolde", "Jana", "Keziah",
         "Lina", "Mireille", "Nnamdi", "Odile", "Pilar"]


def soup_cans(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(3, 15)
    packs = rng.randint(2, 5)
    per_pack = rng.choice([4, 6, 8])
    used = rng.randint(2, start + packs * per_pack - 1)
    q = (f"There are {start} cans of soup in {who}'s pantry. On Saturday {who} buys {packs} packs of soup, "
         f"and every pack has {per_pack} cans in it. During the next week the family eats {used} cans. "
         f"How many cans of soup are in the pantry now?")
    return q, start + packs * per_pack - used


def rice_bag(rng: random.Random, who: str) -> tuple[str, int]:
    per_meal = rng.choice([100, 150, 200, 250, 300])
    meals = rng.randint(6, 20)
    cooked = rng.randint(2, meals - 1)
    bag = per_meal * meals
    q = (f"A bag of rice holds {bag} grams. {who} uses {per_meal} grams of rice for one family dinner "
         f"and has already cooked {cooked} dinners from this bag. "
         f"How many more dinners can {who} cook before the bag is empty?")
    return q, meals - cooked


def bake_sale(rng: random.Random, who: str) -> tuple[str, int]:
    cookies = rng.randint(10, 40)
    cookie_price = rng.randint(1, 3)
    muffins = rng.randint(5, 25)
    muffin_price = rng.randint(2, 5)
    q = (f"At the school bake sale, {who} sold {cookies} cookies for ${cookie_price} each "
         f"and {muffins} muffins for ${muffin_price} each. How much money did {who} make in all?")
    return q, cookies * cookie_price + muffins * muffin_price


def bus_ride(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        minutes = rng.choice([15, 20, 30, 45])
        days = rng.randint(2, 7)
        if (2 * minutes * days) % 60 == 0:
            break
    q = (f"{who} takes the bus to swimming practice and back home again. The ride is {minutes} minutes "
         f"each way, and {who} goes to practice {days} days a week. "
         f"How many hours does {who} spend on the bus each week?")
    return q, 2 * minutes * days // 60


def grandpa_age(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(5, 14)
    gap = rng.randint(35, 50)
    later = rng.randint(2, 10)
    q = (f"{who} is {age} years old. {who}'s cousin is twice as old as {who}, and their grandfather "
         f"is {gap} years older than the cousin. How old will the grandfather be in {later} years?")
    return q, 2 * age + gap + later


def sticker_trade(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(8, 40)
    gave = rng.randint(1, 2 * mine - 1)
    q = (f"{who} has {mine} stickers. {who}'s best friend has three times as many stickers, "
         f"but then gives {gave} of them to a little brother. "
         f"How many more stickers does the best friend have than {who} now?")
    return q, 3 * mine - gave - mine


def tomato_rows(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(2, 6)
    plants = rng.randint(3, 9)
    each = rng.randint(4, 12)
    given = rng.randint(5, rows * plants * each - 1)
    q = (f"{who} planted {rows} rows of tomato plants with {plants} plants in each row. "
         f"Every plant grew {each} tomatoes. {who} gave {given} tomatoes to the neighbours. "
         f"How many tomatoes does {who} have left?")
    return q, rows * plants * each - given


def dog_food(rng: random.Random, who: str) -> tuple[str, int]:
    cups = rng.randint(2, 5)
    weeks = rng.randint(2, 10)
    bag = cups * 7 * weeks
    q = (f"{who}'s dog eats {cups} cups of dry food every day. A new bag of dog food holds {bag} cups. "
         f"How many weeks will one bag last?")
    return q, weeks


def jacket_sale(rng: random.Random, who: str) -> tuple[str, int]:
    price = 20 * rng.randint(2, 8)
    hat = rng.randint(6, 25)
    q = (f"A jacket normally costs ${price}, but this week the shop takes 25% off the price. "
         f"{who} buys the jacket on sale and also a hat for ${hat}. "
         f"What is the total amount {who} pays?")
    return q, price * 3 // 4 + hat


def crayon_share(rng: random.Random, who: str) -> tuple[str, int]:
    students = rng.randint(6, 12)
    each = rng.randint(4, 9)
    kept = rng.randint(2, 10)
    per_box = rng.choice([8, 12, 16, 24])
    while (students * each + kept) % per_box:
        kept += 1
    boxes = (students * each + kept) // per_box
    q = (f"{who} runs an art club at school and opens {boxes} boxes of crayons, with {per_box} crayons in "
         f"each box. {who} keeps {kept} crayons for the teacher's desk and shares the rest equally among "
         f"the {students} children in the club. How many crayons does each child get?")
    return q, each


def season_goals(rng: random.Random, who: str) -> tuple[str, int]:
    first = rng.randint(8, 25)
    scored = rng.randint(3, 3 * first - 1)
    q = (f"{who}'s football team scored {first} goals in the first half of the season. "
         f"In the second half of the season they scored twice as many goals. "
         f"{who} scored {scored} of the team's goals all season. "
         f"How many goals did the rest of the team score?")
    return q, first + 2 * first - scored


def train_tickets(rng: random.Random, who: str) -> tuple[str, int]:
    adult = 2 * rng.randint(4, 20)
    adults = rng.randint(2, 4)
    kids = rng.randint(2, 5)
    q = (f"An adult train ticket to the coast costs ${adult}, and a child's ticket costs half as much. "
         f"{who} buys tickets for {adults} adults and {kids} children. How much do the tickets cost altogether?")
    return q, adults * adult + kids * adult // 2


def bike_savings(rng: random.Random, who: str) -> tuple[str, int]:
    saved = rng.randint(10, 60)
    weekly = rng.choice([5, 8, 10, 12, 15, 20])
    weeks = rng.randint(3, 12)
    price = saved + weekly * weeks
    q = (f"{who} wants a bike that costs ${price}. {who} has already saved ${saved} "
         f"and puts away ${weekly} more every week. "
         f"How many weeks will it take {who} to have enough money for the bike?")
    return q, weeks


def reading_pages(rng: random.Random, who: str) -> tuple[str, int]:
    monday = rng.randint(8, 30)
    fewer = rng.randint(2, 2 * monday - 1)
    q = (f"{who} is reading an adventure book. On Monday {who} read {monday} pages. "
         f"On Tuesday {who} read twice as many pages as on Monday, and on Wednesday {fewer} fewer pages "
         f"than on Tuesday. How many pages did {who} read in the three days?")
    return q, monday + 2 * monday + (2 * monday - fewer)


def egg_cartons(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        per_day = rng.randint(4, 15)
        days = rng.randint(3, 14)
        if (per_day * days) % 12 == 0:
            break
    q = (f"{who}'s hens lay {per_day} eggs every day. After {days} days, {who} packs all the eggs "
         f"into cartons that hold a dozen eggs each. How many cartons does {who} fill?")
    return q, per_day * days // 12


def lemonade_stand(rng: random.Random, who: str) -> tuple[str, int]:
    lemons = rng.randint(4, 12)
    cups = rng.randint(2, 6)
    price = rng.randint(1, 3)
    glasses = rng.randint((lemons + cups) // price + 2, 60)
    q = (f"{who} spent ${lemons} on lemons and sugar and ${cups} on paper cups for a lemonade stand. "
         f"{who} then sold {glasses} glasses of lemonade at ${price} a glass. "
         f"How much profit did {who} make?")
    return q, glasses * price - lemons - cups


def road_trip(rng: random.Random, who: str) -> tuple[str, int]:
    fast = rng.choice([60, 70, 80, 90, 100])
    fast_hours = rng.randint(2, 4)
    slow = rng.choice([30, 40, 50])
    slow_hours = rng.randint(2, 3)
    q = (f"On a road trip, {who}'s family drove at {fast} kilometers per hour for {fast_hours} hours on the "
         f"motorway. Then they drove at {slow} kilometers per hour for {slow_hours} hours on country roads. "
         f"How far did they drive in total, in kilometers?")
    return q, fast * fast_hours + slow * slow_hours


def library_books(rng: random.Random, who: str) -> tuple[str, int]:
    lent = 2 * rng.randint(5, 40)
    shelf = rng.randint(lent + 10, 400)
    q = (f"The school library, where {who} helps out, had {shelf} books on its shelves on Monday morning. "
         f"That day {lent} books were lent out. On Tuesday, half of the lent books were brought back. "
         f"How many books were on the shelves at the end of Tuesday?")
    return q, shelf - lent + lent // 2


def pizza_night(rng: random.Random, who: str) -> tuple[str, int]:
    pizzas = rng.randint(2, 6)
    slices = rng.choice([6, 8, 10, 12])
    friends = rng.randint(3, 9)
    eat = rng.randint(2, 4)
    while friends * eat >= pizzas * slices:
        pizzas += 1
    q = (f"For a movie night, {who} orders {pizzas} pizzas, each cut into {slices} slices. "
         f"{friends} friends come over, and each of them eats {eat} slices. "
         f"How many slices are left for {who}?")
    return q, pizzas * slices - friends * eat


def quiz_points(rng: random.Random, who: str) -> tuple[str, int]:
    questions = 10 * rng.randint(2, 6)
    points = rng.randint(2, 5)
    q = (f"A science quiz has {questions} questions, and each correct answer is worth {points} points. "
         f"{who} got 10% of the questions wrong and the rest right. How many points did {who} score?")
    return q, (questions - questions // 10) * points


def swim_laps(rng: random.Random, who: str) -> tuple[str, int]:
    length = rng.choice([20, 25, 50])
    laps = rng.randint(4, 20)
    days = rng.randint(2, 6)
    q = (f"The pool at {who}'s gym is {length} meters long. {who} swims {laps} lengths of the pool "
         f"each morning, {days} mornings a week. What is the total distance {who} swims in a week, in meters?")
    return q, length * laps * days


def market_change(rng: random.Random, who: str) -> tuple[str, int]:
    kilos = rng.randint(2, 5)
    per_kilo = rng.randint(2, 6)
    bread = rng.randint(2, 7)
    bill = rng.choice([b for b in (20, 50, 100) if b > kilos * per_kilo + bread])
    q = (f"At the market, {who} buys {kilos} kilograms of apples at ${per_kilo} per kilogram and a loaf "
         f"of bread for ${bread}. {who} pays with a ${bill} bill. How much change should {who} get back?")
    return q, bill - kilos * per_kilo - bread


def movie_marathon(rng: random.Random, who: str) -> tuple[str, int]:
    longer = rng.choice([10, 15, 20, 25, 30])
    first = rng.randint(40, 70) * 2 - longer % 2
    q = (f"{who} watched three films on a rainy Sunday. The first film was {first} minutes long, "
         f"the second was {longer} minutes longer than the first, and the third was half as long "
         f"as the second. How many minutes of films did {who} watch that day?")
    second = first + longer
    return q, first + second + second // 2


def new_fish(rng: random.Random, who: str) -> tuple[str, int]:
    fish = rng.randint(3, 12)
    given = rng.randint(1, 4 * fish - 1)
    q = (f"{who} had {fish} goldfish in a big tank. At the pet shop {who} bought three times as many "
         f"goldfish as were already in the tank. Later, {who} gave {given} goldfish to a neighbour. "
         f"How many goldfish does {who} have now?")
    return q, fish + 3 * fish - given


def spice_rack(rng: random.Random, who: str) -> tuple[str, int]:
    shelves = rng.randint(3, 6)
    jars = rng.randint(5, 12)
    empty = 2 * rng.randint(1, shelves * jars // 2 - 1)
    q = (f"The spice rack in {who}'s kitchen has {shelves} shelves with {jars} jars on each shelf. "
         f"{empty} of the jars are empty, and {who} refills half of the empty ones. "
         f"How many jars have spices in them now?")
    return q, shelves * jars - empty + empty // 2


def running_plan(rng: random.Random, who: str) -> tuple[str, int]:
    weekday = rng.randint(2, 8)
    saturday = rng.randint(8, 20)
    weeks = rng.randint(2, 6)
    q = (f"{who} is training for a race. Each week {who} runs {weekday} kilometers on each of the "
         f"5 weekdays and a long run of {saturday} kilometers on Saturday. "
         f"How many kilometers does {who} run in {weeks} weeks?")
    return q, (5 * weekday + saturday) * weeks


def floor_tiles(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        length = rng.randint(3, 9)
        width = rng.randint(2, 6)
        cover = rng.choice([2, 3, 4])
        if (length * width) % cover == 0:
            break
    price = rng.randint(10, 30)
    q = (f"{who} wants to tile a kitchen floor that is {length} meters long and {width} meters wide. "
         f"One box of tiles covers {cover} square meters and costs ${price}. "
         f"How much money will the tiles for the whole floor cost?")
    return q, length * width // cover * price


def party_bags(rng: random.Random, who: str) -> tuple[str, int]:
    pack = rng.choice([10, 20, 25, 30])
    while True:
        guests = rng.randint(6, 20)
        candies = rng.randint(3, 10)
        if (guests * candies) % pack == 0:
            break
    q = (f"{who} is making party bags for {guests} guests, and every bag gets {candies} candies. "
         f"The candies are sold in packs of {pack}. How many packs does {who} need to buy?")
    return q, guests * candies // pack


def babysitting(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(6, 15)
    friday = rng.randint(2, 5)
    saturday = rng.randint(2, 6)
    game = rng.randint(10, rate * (friday + saturday) - 1)
    q = (f"{who} earns ${rate} an hour babysitting. This weekend {who} babysat for {friday} hours on "
         f"Friday and {saturday} hours on Saturday, then spent ${game} of the money on a video game. "
         f"How many dollars does {who} have left?")
    return q, rate * (friday + saturday) - game


def cookie_bags(rng: random.Random, who: str) -> tuple[str, int]:
    per_bag = rng.choice([4, 5, 6])
    while True:
        chocolate = rng.randint(15, 40)
        fewer = rng.randint(2, chocolate - 5)
        if (2 * chocolate - fewer) % per_bag == 0:
            break
    q = (f"{who} baked {chocolate} chocolate chip cookies and {fewer} fewer oatmeal cookies. "
         f"{who} put all the cookies into gift bags with {per_bag} cookies in each bag. "
         f"How many gift bags did {who} fill?")
    return q, (chocolate + chocolate - fewer) // per_bag


STORIES = [soup_cans, rice_bag, bake_sale, bus_ride, grandpa_age, sticker_trade, tomato_rows, dog_food,
           jacket_sale, crayon_share, season_goals, train_tickets, bike_savings, reading_pages, egg_cartons,
           lemonade_stand, road_trip, library_books, pizza_night, quiz_points, swim_laps, market_change,
           movie_marathon, new_fish, spice_rack, running_plan, floor_tiles, party_bags, babysitting, cookie_bags]

FAMILIES = [story_family("word_g", "word problems by a third author, a dev family to study (not held out)",
                         STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
