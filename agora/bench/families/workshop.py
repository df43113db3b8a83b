"""word_j: 30 short arithmetic word problems by a sixth author, a dev family.

Written by a helper session without reading the solver or the other word families. Theme: work
and trades (bakery, workshop, market stall, farm, factory, office, garage, tailor, print shop).
Each story takes 2 to 4 steps and has a whole-number answer; every division is exact and every
subtraction non-negative by construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = ["Agnes", "Basil", "Celeste", "Dunstan", "Eamon", "Flora", "Gregor", "Hattie",
         "Ingrid", "Jacinta", "Lucian", "Magnus", "Nikhil", "Ottilie", "Rowan", "Thea"]

_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
          9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def bakery_rolls(rng: random.Random, who: str) -> tuple[str, int]:
    trays = rng.randint(4, 9)
    per = rng.choice([12, 15, 18, 20, 24])
    total = trays * per
    burnt = rng.randint(2, 9)
    sold = rng.randint(total // 3, total - burnt)
    q = (f"Before dawn, {who} slides {trays} trays of bread rolls into the bakery oven, with {per} "
         f"rolls on every tray. By closing time {sold} rolls have been sold, and {burnt} came out "
         f"burnt and went in the bin. How many rolls are still on the shelves?")
    return q, total - sold - burnt


def carpenter_legs(rng: random.Random, who: str) -> tuple[str, int]:
    chairs = rng.randint(3, 14)
    stools = rng.randint(2, 11)
    q = (f"A café has ordered {chairs} chairs and {stools} milking stools from {who}'s workshop. "
         f"Every chair stands on four legs, while a stool needs only three. How many legs does "
         f"{who} have to turn on the lathe to finish the whole order?")
    return q, 4 * chairs + 3 * stools


def stall_change(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.randint(2, 9)
    bags = rng.randint(2, 6)
    bill = next(b for b in (20, 50, 100) if b > price * bags)
    q = (f"At {who}'s fruit stall a bag of apples costs ${price}. A customer takes {bags} bags "
         f"and hands over a ${bill} note. How much change should {who} give back?")
    return q, bill - price * bags


def farm_egg_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    hens = 4 * rng.randint(3, 12)
    eggs = rng.choice([3, 6])
    age = rng.randint(2, 7)
    q = (f"{who} keeps {hens} hens on a farm that has been in the family for {age} generations. "
         f"Last week each hen laid {eggs} eggs. The eggs are sold in cartons that hold a dozen. "
         f"How many cartons could {who} fill with last week's eggs?")
    return q, hens * eggs // 12


def factory_bolt_bags(rng: random.Random, who: str) -> tuple[str, int]:
    bag = rng.choice([5, 10, 25])
    rate = bag * rng.randint(2, 6)
    morning = rng.choice([20, 30, 45, 50])
    afternoon = rng.choice([15, 25, 35, 40])
    q = (f"The machine that {who} minds on the factory floor turns out {rate} bolts every minute. "
         f"It ran for {morning} minutes before the break and {afternoon} minutes after it. The "
         f"bolts are then poured into bags of {bag}. How many bags were filled?")
    return q, rate * (morning + afternoon) // bag


def office_paper(rng: random.Random, who: str) -> tuple[str, int]:
    reams = rng.randint(3, 10)
    daily = rng.choice([40, 60, 75, 80, 90, 120])
    days = rng.randint(4, min(20, reams * 500 // daily))
    q = (f"{who} orders {reams} reams of printer paper for the office; a ream is 500 sheets. "
         f"The office goes through {daily} sheets a day. After {days} days, how many sheets of "
         f"the order have not been used?")
    return q, reams * 500 - daily * days


def tailor_cloth(rng: random.Random, who: str) -> tuple[str, int]:
    coat = rng.randint(3, 6)
    less = rng.randint(1, coat - 1)
    coats = rng.randint(2, 9)
    jackets = rng.randint(2, 9)
    q = (f"{who}, a tailor, cuts {coat} metres of wool for each coat. A jacket takes {less} "
         f"metres less than a coat. This month {who} has {coats} coats and {jackets} jackets to "
         f"make. How many metres of wool are needed altogether?")
    return q, coats * coat + jackets * (coat - less)


def print_percent(rng: random.Random, who: str) -> tuple[str, int]:
    posters = 20 * rng.randint(5, 40)
    pct = rng.choice([10, 20, 25, 30, 40])
    monday = posters * pct // 100
    q = (f"The print shop where {who} works takes an order for {posters} posters. Only {pct}% "
         f"of them get printed on Monday; the rest are printed on Tuesday. How many more posters "
         f"are printed on Tuesday than on Monday?")
    return q, (posters - monday) - monday


def van_third(rng: random.Random, who: str) -> tuple[str, int]:
    boxes = 3 * rng.randint(8, 30)
    second = rng.randint(3, 2 * boxes // 3)
    q = (f"{who} loads {boxes} boxes into the delivery van. A third of the boxes are dropped at "
         f"the first shop, and {second} boxes at the second shop. How many boxes are still in "
         f"the van?")
    return q, boxes - boxes // 3 - second


def garage_tyres(rng: random.Random, who: str) -> tuple[str, int]:
    monday = rng.randint(3, 15)
    year = rng.randint(1975, 2012)
    q = (f"{who} has run the same garage since {year}. On Monday the garage put new tyres on "
         f"{monday} cars, and on Tuesday on twice as many cars. Each car gets four new tyres. "
         f"How many tyres were fitted on the two days together?")
    return q, 4 * (monday + 2 * monday)


def cafe_wages(rng: random.Random, who: str) -> tuple[str, int]:
    wage = rng.randint(9, 18)
    sat = rng.randint(3, 8)
    sun = rng.randint(2, 6)
    spend = rng.randint(10, wage * (sat + sun) - 1)
    q = (f"{who} earns ${wage} an hour washing dishes at a café. {who} worked {sat} hours on "
         f"Saturday and {sun} hours on Sunday, then spent ${spend} of the pay on new work boots. "
         f"How much of the weekend's pay does {who} have left?")
    return q, wage * (sat + sun) - spend


def cookie_three_shops(rng: random.Random, who: str) -> tuple[str, int]:
    cookies = 2 * rng.randint(30, 120)
    second = rng.randint(5, cookies // 2)
    q = (f"{who} bakes {cookies} ginger cookies to share among three corner shops. The first "
         f"shop takes half of the cookies and the second shop takes {second}. The third shop "
         f"gets whatever remains. How many cookies does the third shop get?")
    return q, cookies - cookies // 2 - second


def tomato_crates(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(3, 8)
    plants = rng.randint(6, 15)
    each = rng.randint(4, 12)
    total = rows * plants * each
    crate = rng.choice([c for c in range(6, 31) if total % c == 0])  # plants alone divides it
    q = (f"{who} planted {rows} rows of tomatoes with {plants} plants in each row. Every plant "
         f"gave {each} ripe tomatoes, and they were all packed into crates of {crate}. How many "
         f"crates did {who} fill?")
    return q, total // crate


def packing_pair(rng: random.Random, who: str) -> tuple[str, int]:
    fast = rng.randint(12, 30)
    fewer = rng.randint(2, 9)
    hours = rng.randint(3, 9)
    article = "an" if hours in (8, 11) else "a"
    q = (f"In the warehouse, {who} packs {fast} boxes an hour. A new colleague packs {fewer} "
         f"fewer boxes an hour than {who}. If both of them pack for {article} {_WORDS[hours]}-hour "
         f"shift, what is the total number of boxes they pack?")
    return q, (fast + fast - fewer) * hours


def candle_hours(rng: random.Random, who: str) -> tuple[str, int]:
    minutes = rng.choice([10, 12, 15, 20, 30])
    batch = rng.choice([6, 8, 12, 20])
    step = 60 // minutes
    batches = step * rng.randint(1, 6)
    q = (f"The candle machine that {who} operates pours a batch of {batch} candles every "
         f"{minutes} minutes. A shop wants {batch * batches} candles. How many hours will the "
         f"machine take to make them?")
    return q, batches * minutes // 60


def nail_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    boxes = 4 * rng.randint(3, 10)
    per = rng.choice([50, 75, 100, 120, 150])
    loose = rng.randint(5, per - 1)
    q = (f"{who}'s hardware shop had {boxes} full boxes of nails, each holding {per} nails. "
         f"On Friday a quarter of the boxes were sold, and {who} also opened one of the "
         f"remaining boxes and sold {loose} nails from it. How many nails are left in the shop?")
    return q, (boxes - boxes // 4) * per - loose


def poster_laminate(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.randint(3, 12)
    lam = rng.randint(1, 4)
    posters = 2 * rng.randint(3, 20)
    q = (f"A print shop charges ${price} for each poster and another ${lam} to laminate a "
         f"poster. {who} orders {posters} posters and asks for only half of them to be "
         f"laminated. What is the total cost of the order?")
    return q, price * posters + lam * (posters // 2)


def office_chairs(rng: random.Random, who: str) -> tuple[str, int]:
    floors = rng.randint(2, 6)
    rooms = rng.randint(3, 10)
    chairs = rng.randint(4, 8)
    need = floors * rooms * chairs
    have = rng.randint(need // 4, need)
    q = (f"{who} is furnishing a new office building with {floors} floors. There are {rooms} "
         f"meeting rooms on each floor, and each room should have {chairs} chairs. The storeroom "
         f"already has {have} chairs. How many more chairs must {who} buy?")
    return q, need - have


def oil_changes(rng: random.Random, who: str) -> tuple[str, int]:
    use = rng.choice([4, 5, 6])
    done = rng.randint(3, 12)
    more = rng.randint(2, 15)
    litres = use * (done + more)
    q = (f"{who}, a mechanic, starts the week with a drum holding {litres} litres of engine oil. "
         f"Every oil change uses {use} litres. {who} has already done {done} oil changes. How "
         f"many more oil changes can be done with the oil in the drum?")
    return q, (litres - use * done) // use


def button_packs(rng: random.Random, who: str) -> tuple[str, int]:
    packs = rng.randint(4, 12)
    per = rng.choice([10, 12, 20, 24])
    each = rng.randint(5, 9)
    shirts = rng.randint(2, packs * per // each)
    q = (f"For the shirts on order, {who} bought {packs} packets of buttons with {per} buttons "
         f"in a packet. {who} has sewn {shirts} shirts so far, using {each} buttons on each one. "
         f"How many buttons does {who} still have?")
    return q, packs * per - shirts * each


def muffin_dozen(rng: random.Random, who: str) -> tuple[str, int]:
    each = rng.randint(2, 4)
    dozen_price = 12 * each - rng.randint(3, 10)
    dozens = rng.randint(2, 6)
    q = (f"The bakery sells muffins for ${each} each, or ${dozen_price} for a box of a dozen. "
         f"{who} buys {_WORDS[dozens]} boxes for the staff room. How much money does {who} save "
         f"compared with buying the same muffins one at a time?")
    return q, dozens * (12 * each - dozen_price)


def dairy_sales(rng: random.Random, who: str) -> tuple[str, int]:
    cows = rng.randint(6, 25)
    litres = rng.randint(8, 20)
    keep = rng.randint(2, 15)
    price = rng.randint(1, 3)
    age = rng.randint(9, 14)
    q = (f"{who} milks {cows} cows each morning; the oldest of them is {age} years old. Each cow "
         f"gives {litres} litres of milk a day. The farm keeps {keep} litres a day for the "
         f"kitchen and sells the rest for ${price} a litre. How much money does the milk bring "
         f"in each day?")
    return q, (cows * litres - keep) * price


def plant_profit(rng: random.Random, who: str) -> tuple[str, int]:
    cost = rng.randint(2, 6)
    sell = rng.randint(2 * cost, 3 * cost)
    plants = rng.randint(20, 60)
    unsold = rng.randint(1, plants // 2)
    q = (f"{who} buys {plants} potted herbs from a nursery at ${cost} each and sells them at a "
         f"Saturday market for ${sell} each. At the end of the day {unsold} herbs are still "
         f"unsold. How much profit did {who} make?")
    return q, sell * (plants - unsold) - cost * plants


def courier_hours(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(6, 15)
    before = rng.randint(2, 4)
    after = rng.randint(1, 5)
    parcels = rate * (before + after)
    q = (f"{who} has {parcels} parcels to deliver and manages {rate} deliveries every hour. "
         f"The round starts at 7:30 a.m., and {who} works {before} hours before stopping for "
         f"lunch. How many hours of work are left after lunch to deliver the remaining parcels?")
    return q, (parcels - rate * before) // rate


def toy_defects(rng: random.Random, who: str) -> tuple[str, int]:
    pct = rng.choice([5, 10, 20, 25])
    box = rng.choice([4, 6, 8])
    k = rng.randint(1, 5)
    toys = (100 // pct) * box * k
    good = toys - toys * pct // 100
    q = (f"The toy factory where {who} is a supervisor made {toys} wooden trains on Thursday. "
         f"Inspectors found that {pct}% of them were faulty and scrapped them. The good trains "
         f"were packed {box} to a box. How many boxes were packed?")
    return q, good // box


def shelf_board(rng: random.Random, who: str) -> tuple[str, int]:
    shelves = rng.randint(2, 6)
    size = rng.choice([30, 35, 40, 45, 50, 60])
    waste = rng.randint(5, 25)
    board = waste + shelves * size
    q = (f"{who} has a pine board {board} centimetres long. After sawing {waste} centimetres off "
         f"one split end, {who} cuts what is left into {shelves} shelves of equal length. How "
         f"long is each shelf, in centimetres?")
    return q, (board - waste) // shelves


def shoe_shop_three(rng: random.Random, who: str) -> tuple[str, int]:
    own = rng.randint(4, 12)
    fewer = rng.randint(1, 3 * own - 1)
    q = (f"Three people work at a shoe shop. On Saturday {who} sold {own} pairs of shoes. The "
         f"manager sold three times as many pairs as {who}, and the new assistant sold {fewer} "
         f"pairs fewer than the manager. How many pairs did the shop sell in all?")
    return q, own + 3 * own + (3 * own - fewer)


def pizza_meeting(rng: random.Random, who: str) -> tuple[str, int]:
    people = rng.randint(8, 25)
    eats = rng.randint(2, 3)
    pizzas = -(-people * eats // 8) + rng.randint(0, 3)
    floor = rng.randint(4, 20)
    q = (f"For a meeting on the {floor}th floor, {who} orders {pizzas} pizzas, and each pizza is "
         f"cut into 8 slices. {people} people come, and each of them eats {eats} slices. How many "
         f"slices are left over?")
    return q, 8 * pizzas - people * eats


def garage_parking(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(2, 6)
    start = rng.randint(7, 10)
    end = rng.randint(1, 6)
    wash = rng.randint(8, 20)
    q = (f"{who} leaves a van at a city garage from {start} a.m. until {end} p.m. the same day. "
         f"Parking costs ${rate} for every hour, and {who} also pays ${wash} for a car wash "
         f"while it is there. How much does {who} pay in total?")
    return q, rate * (end + 12 - start) + wash


def flour_batches(rng: random.Random, who: str) -> tuple[str, int]:
    per = rng.choice([2, 3, 4, 5])
    per_sack = rng.choice([5, 6, 8, 10])
    sacks = rng.randint(2, 6)
    aside = rng.randint(1, per_sack * sacks - 1)
    q = (f"{who} opens {sacks} sacks of flour, each weighing {per * per_sack} kilograms. "
         f"{per * aside} kilograms are set aside for cakes, and the rest goes into bread dough, "
         f"{per} kilograms for every batch. How many batches of bread can {who} make?")
    return q, (sacks * per * per_sack - per * aside) // per


STORIES = [bakery_rolls, carpenter_legs, stall_change, farm_egg_boxes, factory_bolt_bags,
           office_paper, tailor_cloth, print_percent, van_third, garage_tyres, cafe_wages,
           cookie_three_shops, tomato_crates, packing_pair, candle_hours, nail_boxes,
           poster_laminate, office_chairs, oil_changes, button_packs, muffin_dozen, dairy_sales,
           plant_profit, courier_hours, toy_defects, shelf_board, shoe_shop_three, pizza_meeting,
           garage_parking, flour_batches]

FAMILIES = [story_family("word_j", "word problems by a sixth author, a dev family to validate rules "
                         "before held-out (not held out)", STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
