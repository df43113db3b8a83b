"""word_i: 30 short arithmetic word problems by a fifth author, a dev family.

Written by a fifth author (a helper session) without reading the solver or the other word
families, in the manner of grade-school problems from several teachers: neighbourhood and
community settings, 2 to 4 arithmetic steps, whole-number answers. Every division is exact
and every subtraction non-negative by construction. Not held out: it is here to check, on
the dev split, rules before they meet the held-out families.
"""

from __future__ import annotations

import math
import random

from agora.bench.families.base import story_family

#: first names used by none of the other word families
NAMES = ["Alma", "Bram", "Carys", "Dominic", "Edda", "Fergus", "Gita", "Hector", "Imogen", "Jasper", "Kwame",
         "Lorna", "Malik", "Nell", "Orla", "Rufus"]


def street_party(rng: random.Random, who: str) -> tuple[str, int]:
    tables = rng.randint(4, 12)
    seats = rng.randint(4, 10)
    guests = rng.randint(tables * seats // 2, tables * seats - 2)
    late = rng.randint(1, tables * seats - guests - 1)
    hour = rng.randint(1, 5)
    q = (f"For the street party, {who} sets out {tables} tables with {seats} chairs around each one. "
         f"The party starts at {hour} o'clock, and {guests} neighbours sit down straight away. "
         f"Later, another {late} people arrive and each takes a chair. How many chairs are still empty?")
    return q, tables * seats - guests - late


def allotment_beans(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(3, 8)
    per_row = rng.randint(5, 12)
    eaten = rng.randint(2, rows * per_row // 3)
    pods = rng.randint(6, 15)
    q = (f"On the allotment, {who} plants {rows} rows of bean plants with {per_row} plants in each row. "
         f"Slugs destroy {eaten} of the plants before they flower. Every plant that survives gives {pods} pods. "
         f"How many bean pods does {who} pick?")
    return q, (rows * per_row - eaten) * pods


def library_shelves(rng: random.Random, who: str) -> tuple[str, int]:
    shelves = rng.randint(4, 9)
    per = rng.randint(20, 45)
    out = rng.randint(10, shelves * per // 2)
    back = rng.randint(5, 40)
    q = (f"{who} volunteers in the children's corner of the library, which has {shelves} shelves holding {per} "
         f"books each. On Saturday morning {out} books are borrowed and {back} books are returned and put back "
         f"on the shelves. How many books are on the shelves when the library closes?")
    return q, shelves * per - out + back


def bake_sale(rng: random.Random, who: str) -> tuple[str, int]:
    cupcakes = rng.randint(12, 40)
    c_price = rng.randint(1, 3)
    brownies = rng.randint(10, 30)
    b_price = rng.randint(2, 4)
    takings = cupcakes * c_price + brownies * b_price
    cost = rng.randint(10, takings - 5)
    q = (f"At the school bake sale, {who} sells {cupcakes} cupcakes for ${c_price} each and {brownies} brownies "
         f"for ${b_price} each. The ingredients cost ${cost} altogether. "
         f"How much money did {who} make after paying for the ingredients?")
    return q, takings - cost


def bus_route(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(12, 40)
    off = rng.randint(2, start - 4)
    on = rng.randint(3, 20)
    if (start - off + on) % 2:
        on += 1
    q = (f"{who} drives the number {rng.randint(3, 99)} bus. It leaves the depot with {start} passengers. "
         f"At the first stop {off} people get off and {on} get on. At the market, half of the passengers "
         f"get off. How many passengers are still on the bus?")
    return q, (start - off + on) // 2


def recycling_cans(rng: random.Random, who: str) -> tuple[str, int]:
    per = rng.choice([10, 20, 25])
    weeks = rng.randint(3, 8)
    step = per // math.gcd(per, weeks)
    cans = step * rng.randint(max(1, 15 // step), max(2, 60 // step))
    q = (f"{who} collects empty cans from the neighbours for the recycling drive, {cans} cans every week for "
         f"{weeks} weeks. The recycling centre pays $1 for every {per} cans. "
         f"How many dollars does {who} receive?")
    return q, cans * weeks // per


def dog_walking(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(3, 8)
    dogs = rng.randint(2, 5)
    days = rng.randint(4, 12)
    spent = rng.randint(5, rate * dogs * days - 1)
    q = (f"{who} walks dogs for people on the street and earns ${rate} for each dog on each walk. "
         f"Every day {who} takes {dogs} dogs out together, and does this for {days} days. "
         f"{who} then spends ${spent} on a new lead. How much of the money is left?")
    return q, rate * dogs * days - spent


def ages(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(5, 14)
    gap = rng.randint(30, 50)
    years = rng.randint(2, 9)
    q = (f"{who} is {age} years old, and {who}'s cousin is twice as old. Their neighbour, Mr Hale, is {gap} "
         f"years older than the cousin. How old will Mr Hale be in {years} years?")
    return q, 2 * age + gap + years


def sunflowers(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(90, 180)
    more = rng.randint(10, 60)
    if (mine + more) % 2:
        more += 1
    q = (f"{who}'s sunflower is {mine} cm tall. The sunflower next door is {more} cm taller than {who}'s, "
         f"and the one at the end of the road is half as tall as the one next door. "
         f"How tall is the sunflower at the end of the road, in centimetres?")
    return q, (mine + more) // 2


def stickers(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(8, 40)
    given = rng.randint(5, 3 * mine)
    q = (f"{who} has {mine} football stickers. {who}'s best friend has three times as many. "
         f"Together they give {given} of their stickers to the younger children on the street. "
         f"How many stickers do the two friends have left between them?")
    return q, 4 * mine - given


def stationery_change(rng: random.Random, who: str) -> tuple[str, int]:
    books = rng.randint(2, 8)
    price = rng.randint(2, 6)
    pen = rng.randint(1, 5)
    spend = books * price + pen
    note = next(n for n in (10, 20, 50, 100) if n > spend)
    q = (f"Before term starts, {who} buys {books} notebooks at ${price} each and a pen that costs ${pen}. "
         f"{who} pays with a ${note} note. How much change should {who} get back?")
    return q, note - spend


def cafe_shifts(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(8, 15)
    sat = rng.randint(2, 7)
    sun = rng.randint(2, 6)
    if rate * (sat + sun) % 2:
        sun += 1
    q = (f"{who} works at the community café for ${rate} an hour. Last weekend {who} worked {sat} hours on "
         f"Saturday and {sun} hours on Sunday. {who} puts half of the weekend's pay into a savings jar. "
         f"How many dollars go into the jar?")
    return q, rate * (sat + sun) // 2


def soup_recipe(rng: random.Random, who: str) -> tuple[str, int]:
    serves = rng.choice([4, 5, 6])
    carrots = rng.randint(3, 8)
    people = serves * rng.randint(3, 10)
    need = carrots * people // serves
    have = rng.randint(2, need - 1)
    q = (f"{who}'s soup recipe serves {serves} people and uses {carrots} carrots. {who} is making soup for "
         f"{people} people at the community lunch and already has {have} carrots in the kitchen. "
         f"How many more carrots does {who} need to buy?")
    return q, need - have


def seaside_trip(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([40, 45, 50, 55, 60, 70])
    hours = rng.randint(1, 3)
    rest = rng.randint(10, 90)
    seats = rng.randint(8, 16)
    q = (f"{who} drives the youth club minibus, with {seats} passengers, to the seaside, which is "
         f"{speed * hours + rest} km away. After driving for {hours} hours at {speed} km/h, they stop for lunch. "
         f"How many kilometres do they still have to drive?")
    return q, rest


def egg_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    per_day = rng.randint(6, 15)
    days = rng.randint(4, 7)
    total = per_day * days
    kept = total % 12 or 12
    q = (f"The hens at the city farm lay {per_day} eggs a day between them. {who} collects the eggs for "
         f"{days} days, keeps {kept} for the farm kitchen and packs the rest into boxes that hold a dozen eggs "
         f"each. How many boxes does {who} fill?")
    return q, (total - kept) // 12


def school_minibuses(rng: random.Random, who: str) -> tuple[str, int]:
    seats = rng.choice([12, 14, 15, 16])
    classes = rng.randint(2, 6)
    step = seats // math.gcd(seats, classes)
    pupils = step * rng.randint(-(-15 // step), 35 // step)
    q = (f"{who}'s school is taking {classes} classes to the nature reserve, and every class has "
         f"{pupils} pupils. Each minibus carries {seats} pupils. "
         f"How many minibuses does the school need to book?")
    return q, classes * pupils // seats


def football_goals(rng: random.Random, who: str) -> tuple[str, int]:
    first = rng.randint(2, 6)
    fewer = rng.randint(1, 2 * first - 1)
    q = (f"{who} plays for the park football team. The team scored {first} goals in its first match and "
         f"twice as many in the second. In the third match it scored {fewer} fewer goals than in the second. "
         f"How many goals did the team score in the three matches?")
    return q, first + 2 * first + (2 * first - fewer)


def fence_cost(rng: random.Random, who: str) -> tuple[str, int]:
    length = rng.randint(6, 20)
    width = rng.randint(3, 12)
    price = rng.randint(4, 15)
    q = (f"The community garden that {who} looks after is a rectangle {length} metres long and {width} metres "
         f"wide. Fencing costs ${price} per metre. "
         f"What will it cost to put a fence along all four sides?")
    return q, 2 * (length + width) * price


def bike_savings(rng: random.Random, who: str) -> tuple[str, int]:
    weekly = rng.randint(4, 15)
    weeks = rng.randint(3, 15)
    saved = rng.randint(10, 80)
    q = (f"{who} wants a second-hand bike that costs ${saved + weekly * weeks}. {who} has already saved "
         f"${saved}. If {who} saves ${weekly} a week from a paper round, how many weeks will it take to have "
         f"enough money?")
    return q, weeks


def apple_tree(rng: random.Random, who: str) -> tuple[str, int]:
    bags = rng.randint(3, 8)
    per_bag = rng.randint(8, 20)
    houses = rng.randint(3, 9)
    total = bags * per_bag
    bruised = total % houses + houses * rng.randint(0, min(2, total // houses - 2)) or houses
    q = (f"{who} picks {bags} bags of apples from the tree in the front garden, with {per_bag} apples in "
         f"each bag. Of these, {bruised} are bruised and go on the compost heap. {who} shares the rest "
         f"equally between {houses} houses on the street. How many apples does each house get?")
    return q, (total - bruised) // houses


def marbles(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(30, 80)
    gave = rng.randint(3, start // 3)
    lost = rng.randint(1, start // 4)
    packs = rng.randint(2, 4)
    per_pack = rng.randint(5, 12)
    q = (f"{who} had {start} marbles. {who} gave {gave} to a little sister and lost {lost} down a drain in the "
         f"street. Then {who} bought {packs} packs with {per_pack} marbles in each. "
         f"How many marbles does {who} have now?")
    return q, start - gave - lost + packs * per_pack


def car_boot(rng: random.Random, who: str) -> tuple[str, int]:
    toys = 3 * rng.randint(5, 15)
    price = rng.randint(2, 5)
    books = rng.randint(3, 10)
    b_price = rng.randint(1, 3)
    q = (f"{who} takes {toys} old toys to the car boot sale and sells a third of them for ${price} each. "
         f"{who} also sells {books} books at ${b_price} each. How much money does {who} take home?")
    return q, toys // 3 * price + books * b_price


def watering_can(rng: random.Random, who: str) -> tuple[str, int]:
    can = rng.choice([5, 6, 8, 10])
    beds = rng.randint(3, 10)
    step = can // math.gcd(can, beds)
    litres = step * rng.randint(1, max(1, 12 // step))
    q = (f"The community garden has {beds} vegetable beds, and each bed needs {litres} litres of water on a "
         f"hot day. {who}'s watering can holds {can} litres. "
         f"How many times does {who} have to fill the can to water every bed?")
    return q, beds * litres // can


def reading_challenge(rng: random.Random, who: str) -> tuple[str, int]:
    per_day = rng.randint(8, 25)
    days = rng.randint(3, 10)
    left = rng.randint(5, 150)
    q = (f"For the library's summer reading challenge, {who} chooses a book with {per_day * days + left} pages. "
         f"If {who} reads {per_day} pages every day for {days} days, how many pages will be left to read?")
    return q, left


def bus_pass(rng: random.Random, who: str) -> tuple[str, int]:
    fare = rng.randint(2, 4)
    days = rng.randint(15, 22)
    full = 2 * fare * days
    month = rng.randint(full // 2, full - 5)
    q = (f"A single bus ticket into town costs ${fare}. {who} takes the bus twice a day on {days} days this "
         f"month. A monthly pass costs ${month}. How much money does {who} save by buying the pass instead "
         f"of single tickets?")
    return q, full - month


def litter_pick(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        van = rng.choice([6, 8, 10, 12, 15])
        volunteers = rng.randint(3, 12)
        step = van // math.gcd(van, volunteers)
        if step <= 6:
            break
    bags = step * rng.randint(1, max(1, 6 // step))
    q = (f"{who} organises a litter pick in the park. Altogether {volunteers} volunteers turn up, and each "
         f"one fills {bags} bags of rubbish. The council van can carry {van} bags at a time. "
         f"How many trips does the van make to take all the bags away?")
    return q, volunteers * bags // van


def pumpkins(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(6, 25)
    more = rng.randint(2, 15)
    if (mine + more) % 2:
        more += 1
    q = (f"Three neighbours enter the allotment pumpkin show. {who}'s pumpkin weighs {mine} kg. "
         f"Mrs Okafor's weighs {more} kg more than {who}'s, and Mr Lund's weighs half as much as Mrs Okafor's. "
         f"What do the three pumpkins weigh altogether, in kilograms?")
    return q, mine + (mine + more) + (mine + more) // 2


def basketball(rng: random.Random, who: str) -> tuple[str, int]:
    twos = rng.randint(5, 20)
    threes = rng.randint(1, 8)
    frees = rng.randint(2, 10)
    q = (f"In the neighbourhood basketball final, {who}'s team scored {twos} baskets worth 2 points, "
         f"{threes} baskets worth 3 points and {frees} free throws worth 1 point each. "
         f"How many points did the team score?")
    return q, 2 * twos + 3 * threes + frees


def sponsored_run(rng: random.Random, who: str) -> tuple[str, int]:
    sponsors = rng.randint(3, 10)
    per_lap = rng.randint(1, 5)
    laps = rng.randint(4, 12)
    start = rng.randint(8, 11)
    q = (f"{who} runs laps of the park to raise money for the new playground. The run starts at {start} "
         f"in the morning, and {who} completes {laps} laps. Each of {who}'s {sponsors} sponsors gives "
         f"${per_lap} for every lap. How much money does {who} raise?")
    return q, sponsors * per_lap * laps


def veg_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    houses = rng.randint(8, 25)
    price = rng.randint(10, 20)
    driver = rng.randint(20, houses * price - 10)
    weeks = rng.randint(2, 6)
    q = (f"{who} runs a vegetable box scheme and delivers a box to {houses} houses every week, charging "
         f"${price} a box. Each week {who} pays a driver ${driver} to do the round. "
         f"How much money does {who} keep over {weeks} weeks?")
    return q, (houses * price - driver) * weeks


STORIES = [street_party, allotment_beans, library_shelves, bake_sale, bus_route, recycling_cans, dog_walking,
           ages, sunflowers, stickers, stationery_change, cafe_shifts, soup_recipe, seaside_trip, egg_boxes,
           school_minibuses, football_goals, fence_cost, bike_savings, apple_tree, marbles, car_boot, watering_can,
           reading_challenge, bus_pass, litter_pick, pumpkins, basketball, sponsored_run, veg_boxes]

FAMILIES = [story_family("word_i", "word problems by a fifth author, a dev family to validate rules before held-out "
                                   "(not held out)", STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
