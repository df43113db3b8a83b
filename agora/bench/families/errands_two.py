"""word_m: 30 short arithmetic word problems by a ninth author, a dev family.

Written by a helper session without reading the solver or the other word families.
Theme: everyday errands (fundraiser, library, pool, cinema, bakery, nursery, car wash, shelter,
school play, laundry, post office, gym, harvest, birthday, bus, hotel, concert); 2 to 4 steps;
whole-number answers; exact divisions, non-negative subtractions by construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = [
    "Rhodri", "Bethan", "Iolo", "Eirlys", "Aino", "Ilmari", "Tuulikki", "Veikko",
    "Zsolt", "Csilla", "Levente", "Aroha", "Wiremu", "Hinemoa", "Kavin", "Ilakkiya",
]


def raffle_tickets(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.randint(2, 5)
    fri = rng.randint(12, 40)
    sat = rng.randint(12, 40)
    gift = rng.choice([10, 15, 20, 25, 50])
    q = (f"At the charity fundraiser, {who} sold raffle tickets for ${price} each. {who} sold "
         f"{fri} tickets on Friday and {sat} on Saturday, and a neighbour dropped a ${gift} "
         f"donation into the jar. How much money did {who} collect in all?")
    return q, price * (fri + sat) + gift


def library_cart(rng: random.Random, who: str) -> tuple[str, int]:
    third = rng.randint(8, 25)
    books = 3 * third
    later = rng.randint(3, 2 * third - 1)
    q = (f"A cart at the library held {books} returned books. Before lunch {who} put a third of "
         f"them back on the shelves, and after lunch {who} shelved {later} more. "
         f"How many books are still on the cart?")
    return q, books - books // 3 - later


def pool_lengths(rng: random.Random, who: str) -> tuple[str, int]:
    length = rng.choice([25, 50])
    mon = rng.randint(4, 16)
    opens = rng.randint(5, 7)
    q = (f"The town pool opens at {opens} a.m. and is {length} meters long. On Monday {who} swam "
         f"{mon} lengths, and on Wednesday {who} swam twice as many lengths as on Monday. "
         f"How many meters did {who} swim on those two days altogether?")
    return q, length * (mon + 2 * mon)


def cinema_change(rng: random.Random, who: str) -> tuple[str, int]:
    adult = rng.randint(9, 14)
    child = rng.randint(5, 8)
    n_adult = rng.randint(1, 3)
    n_child = rng.randint(1, 4)
    q = (f"At the cinema an adult ticket costs ${adult} and a child's ticket costs ${child}. "
         f"{who} buys {n_adult} adult and {n_child} child tickets and hands the cashier a $100 "
         f"bill. How much change should {who} get back?")
    return q, 100 - (n_adult * adult + n_child * child)


def muffin_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    dozens = rng.randint(2, 8)
    box = rng.choice([3, 4, 6])
    price = rng.randint(3, 9)
    q = (f"For the school open day, {who} orders {dozens} dozen muffins from the bakery. The "
         f"bakery packs muffins {box} to a box and charges ${price} for each box. "
         f"What is the total cost of the order?")
    return q, dozens * 12 // box * price


def nursery_seedlings(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(5, 15)
    per_row = 4 * rng.randint(3, 10)
    total = rows * per_row
    q = (f"A plant nursery has {rows} rows of pepper seedlings with {per_row} seedlings in each "
         f"row. {who} sold 25% of the seedlings on Saturday morning. "
         f"How many seedlings were left?")
    return q, total - total // 4


def car_wash_wax(rng: random.Random, who: str) -> tuple[str, int]:
    base = rng.randint(6, 12)
    wax = rng.randint(3, 6)
    cars = rng.randint(15, 40)
    waxed = rng.randint(3, cars - 5)
    q = (f"{who} runs a car wash that charges ${base} to wash a car, plus an extra ${wax} if the "
         f"customer wants wax. Last Saturday {cars} cars were washed, and {waxed} of those "
         f"drivers asked for wax. How much money did the car wash take in?")
    return q, base * cars + wax * waxed


def book_club_pace(rng: random.Random, who: str) -> tuple[str, int]:
    slow_days = rng.randint(3, 7)
    slow = rng.choice([10, 12, 15, 20])
    fast = slow + rng.choice([5, 10])
    fast_days = rng.randint(2, 8)
    pages = slow_days * slow + fast_days * fast
    year = rng.randint(1920, 1999)
    q = (f"The book club picked a {pages}-page novel first published in {year}. {who} read "
         f"{slow} pages a day for the first {slow_days} days, then sped up to {fast} pages a "
         f"day. How many days of reading at the faster pace did {who} need to finish the book?")
    return q, (pages - slow_days * slow) // fast


def shelter_adoptions(rng: random.Random, who: str) -> tuple[str, int]:
    dogs = rng.randint(6, 20)
    times, word = rng.choice([(2, "twice"), (3, "three times"), (4, "four times")])
    adopted = rng.randint(2, min(times * dogs - 1, 15))
    q = (f"{who} volunteers at a pet shelter that is caring for {dogs} dogs and {word} as many "
         f"cats. This week {adopted} of the cats were adopted, and no new animals arrived. "
         f"How many animals does the shelter have now?")
    return q, dogs + times * dogs - adopted


def play_two_nights(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(8, 20)
    chairs = rng.choice([10, 12, 14, 16])
    empty = 2 * rng.randint(1, 8)
    first = rows * chairs - empty
    q = (f"{who} helped set up the school hall with {rows} rows of {chairs} chairs for the "
         f"school play. On opening night every chair was taken except {empty}. On the second "
         f"night, half as many people came as on opening night. "
         f"How many people watched the play over the two nights?")
    return q, first + first // 2


def laundromat_time(rng: random.Random, who: str) -> tuple[str, int]:
    loads = rng.randint(2, 5)
    wash = rng.choice([30, 35, 40, 45])
    dry = rng.choice([40, 45, 50, 60])
    fold = rng.randint(10, 25)
    q = (f"At the laundromat, a wash cycle takes {wash} minutes and a dryer cycle takes {dry} "
         f"minutes. {who} has {loads} loads and finishes washing and drying each load before "
         f"starting the next, then spends {fold} minutes folding everything. "
         f"How long, in minutes, does {who} spend on laundry?")
    return q, loads * (wash + dry) + fold


def post_office_change(rng: random.Random, who: str) -> tuple[str, int]:
    stamp = rng.randint(55, 90)
    envelope = rng.choice([20, 25, 30, 35, 40])
    stamps = rng.randint(3, 8)
    envelopes = rng.randint(2, 5)
    q = (f"At the post office a stamp costs {stamp} cents and an envelope costs {envelope} "
         f"cents. {who} buys {stamps} stamps and {envelopes} envelopes and pays with a $10 "
         f"bill. How many cents in change does {who} receive?")
    return q, 1000 - stamps * stamp - envelopes * envelope


def gym_months(rng: random.Random, who: str) -> tuple[str, int]:
    fee = rng.choice([25, 30, 40, 50, 60])
    monthly = rng.randint(18, 45)
    months = rng.randint(3, 12)
    paid = fee + monthly * months
    q = (f"A gym charges a one-time joining fee of ${fee} and then ${monthly} for every month "
         f"of membership. So far {who} has paid the gym ${paid} altogether. "
         f"For how many months has {who} been a member?")
    return q, (paid - fee) // monthly


def plum_crates(rng: random.Random, who: str) -> tuple[str, int]:
    crate = rng.choice([3, 4, 5, 6])
    mine = rng.randint(12, 40)
    fewer = rng.choice([b for b in range(2, mine - 1) if (2 * mine - b) % crate == 0])
    q = (f"During the plum harvest {who} picked {mine} kilograms of plums, and {who}'s cousin "
         f"picked {fewer} kilograms fewer than {who}. They packed all of their plums into "
         f"crates that hold {crate} kilograms each. How many crates did they fill?")
    return q, (mine + (mine - fewer)) // crate


def party_chocolates(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(6, 12)
    each = rng.randint(3, 6)
    pack = rng.choice([10, 12, 15, 20])
    guests = rng.choice([g for g in range(8, 31) if g * each % pack == 0])
    balloons = rng.randint(2, 4)
    price = rng.randint(2, 5)
    q = (f"{who} is turning {age} and is making party bags for {guests} guests. Each bag gets "
         f"{balloons} balloons and {each} chocolates. Chocolates come in packs of {pack} that "
         f"cost ${price} a pack. How much will {who} spend on chocolates?")
    return q, guests * each // pack * price


def coach_seats(rng: random.Random, who: str) -> tuple[str, int]:
    classes = rng.randint(3, 6)
    pupils = rng.randint(20, 30)
    adults = rng.randint(4, 12)
    seats = rng.choice([40, 48, 52, 56])
    people = classes * pupils + adults
    coaches = 1
    while coaches * seats < people:
        coaches += 1
    q = (f"{who} books {coaches} coaches with {seats} seats each from a bus company for a "
         f"school trip. The trip is for {classes} classes of {pupils} pupils, along with "
         f"{adults} adults. Once everyone is seated, how many seats are empty?")
    return q, coaches * seats - people


def hotel_empty_rooms(rng: random.Random, who: str) -> tuple[str, int]:
    floors = rng.randint(4, 12)
    rooms = rng.choice([12, 16, 20, 24])
    checkout = rng.randint(10, 11)
    total = floors * rooms
    q = (f"{who} manages a hotel with {floors} floors and {rooms} rooms on each floor, where "
         f"checkout is at {checkout} a.m. On Tuesday night 3/4 of the rooms were occupied. "
         f"How many rooms were empty that night?")
    return q, total - 3 * total // 4


def concert_length(rng: random.Random, who: str) -> tuple[str, int]:
    opener = rng.randint(20, 40)
    pause = rng.choice([15, 20, 25, 30])
    main = rng.choice([75, 90, 105, 120])
    start = rng.choice(["7:00", "7:30", "8:00"])
    q = (f"The concert {who} went to started at {start} p.m. Two opening bands played {opener} "
         f"minutes each, then there was a {pause}-minute break, and then the main band played "
         f"for {main} minutes. How long was the concert, in minutes?")
    return q, 2 * opener + pause + main


def charity_goal(rng: random.Random, who: str) -> tuple[str, int]:
    goal = rng.choice([500, 600, 750, 800, 1000])
    bake = rng.randint(40, 150)
    q = (f"{who} is raising money for an animal charity and wants to reach ${goal}. A bake sale "
         f"brought in ${bake}, and a sponsored walk raised twice as much as the bake sale. "
         f"How much more money does {who} need to reach the goal?")
    return q, goal - (bake + 2 * bake)


def pool_fill_hours(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.choice([200, 250, 300, 400, 500])
    hours = rng.randint(3, 12)
    already = rng.choice([500, 1000, 1500, 2000])
    full = already + rate * hours
    q = (f"A backyard pool holds {full:,} liters of water when full. It already has {already:,} "
         f"liters in it, and {who} fills the rest with a hose that adds {rate} liters every "
         f"hour. How many hours will it take to fill the pool?")
    return q, (full - already) // rate


def popcorn_price(rng: random.Random, who: str) -> tuple[str, int]:
    small = rng.randint(3, 7)
    n_small = rng.randint(1, 4)
    n_large = rng.randint(1, 3)
    paid = small * (n_small + 2 * n_large)
    q = (f"At the cinema snack bar, a large popcorn costs twice as much as a small one. {who} "
         f"bought {n_small} small and {n_large} large popcorns and paid ${paid} in all. "
         f"How much does one small popcorn cost?")
    return q, paid // (n_small + 2 * n_large)


def cookie_bags(rng: random.Random, who: str) -> tuple[str, int]:
    trays = rng.randint(3, 8)
    bag = rng.choice([4, 6, 8])
    per_tray = bag * rng.randint(2, 4)
    price = rng.randint(3, 6)
    q = (f"{who} baked {trays} trays of cookies with {per_tray} cookies on each tray for the "
         f"bakery stall. The cookies were put in bags of {bag}, and every bag but one was sold "
         f"for ${price}. How much money did the bags that were sold bring in?")
    return q, (trays * per_tray // bag - 1) * price


def two_washers(rng: random.Random, who: str) -> tuple[str, int]:
    hours = rng.randint(2, 5)
    mine, theirs = rng.sample([10, 12, 15, 20, 30], 2)
    start = rng.randint(8, 10)
    q = (f"At a car wash fundraiser that starts at {start} a.m., {who} can wash one car every "
         f"{mine} minutes and a friend can wash one car every {theirs} minutes. If they both "
         f"work for {hours} hours, how many cars will they wash together?")
    return q, hours * 60 // mine + hours * 60 // theirs


def kibble_days(rng: random.Random, who: str) -> tuple[str, int]:
    dogs = rng.randint(5, 15)
    cups = rng.randint(2, 4)
    puppies = rng.randint(4, 12)
    days = rng.randint(3, 9)
    bag = (dogs * cups + puppies) * days
    q = (f"Every day at the animal shelter, each of the {dogs} grown dogs eats {cups} cups of "
         f"kibble and each of the {puppies} puppies eats 1 cup. {who} opens a new sack holding "
         f"{bag} cups of kibble. How many days will the sack last?")
    return q, bag // (dogs * cups + puppies)


def costume_fabric(rng: random.Random, who: str) -> tuple[str, int]:
    actors = rng.randint(12, 25)
    have = rng.randint(2, actors - 3)
    yards = rng.randint(2, 4)
    price = rng.randint(3, 8)
    q = (f"{who} is sewing costumes for the school play. There are {actors} actors, but {have} "
         f"of them already have costumes. Each new costume needs {yards} yards of fabric, and "
         f"fabric costs ${price} per yard. How much will the fabric cost?")
    return q, (actors - have) * yards * price


def laundry_split(rng: random.Random, who: str) -> tuple[str, int]:
    per_pound = rng.randint(2, 3)
    fee = rng.choice([4, 6, 8, 10])
    w1, w2, w3 = rng.randint(4, 12), rng.randint(4, 12), rng.randint(4, 12)
    while (per_pound * (w1 + w2 + w3) + fee) % 2:
        w3 = rng.randint(4, 12)
    q = (f"A laundry service charges ${per_pound} per pound plus a ${fee} delivery fee. {who} "
         f"and a roommate send off three bags weighing {w1}, {w2} and {w3} pounds, and they "
         f"split the bill evenly. How much does each of them pay?")
    return q, (per_pound * (w1 + w2 + w3) + fee) // 2


def letter_sorting(rng: random.Random, who: str) -> tuple[str, int]:
    sacks = rng.randint(3, 8)
    letters = 2 * rng.randint(40, 90)
    share = sacks * letters // 2
    done = rng.randint(20, share - 10)
    q = (f"The post office received {sacks} sacks with {letters} letters in each. {who} and a "
         f"coworker agreed to split the sorting equally, and {who} has already sorted {done} "
         f"letters. How many letters does {who} still have to sort?")
    return q, sacks * letters // 2 - done


def push_up_gap(rng: random.Random, who: str) -> tuple[str, int]:
    sets = rng.randint(3, 5)
    reps = rng.choice([10, 12, 15, 20])
    days = rng.randint(3, 5)
    weekly = sets * reps * days
    daily = rng.randint(5, 12)
    q = (f"At the gym {who} does {sets} sets of {reps} push-ups, {days} days a week. {who}'s "
         f"brother does {daily} push-ups every day of the week. "
         f"How many more push-ups does {who} do in a week than the brother?")
    return q, weekly - 7 * daily


def birthday_bike(rng: random.Random, who: str) -> tuple[str, int]:
    grandma = 2 * rng.randint(20, 50)
    savings = rng.randint(30, 90)
    total = grandma + grandma // 2 + savings
    bike = total - rng.randint(0, 40)
    month = rng.choice(["March", "June", "October"])
    day = rng.randint(2, 28)
    q = (f"For {who}'s birthday on {month} {day}, Grandma gave ${grandma} and an aunt gave "
         f"half as much as Grandma. {who} added ${savings} of savings and bought a bike that "
         f"cost ${bike}. How much money does {who} have left?")
    return q, grandma + grandma // 2 + savings - bike


def bus_pass_saving(rng: random.Random, who: str) -> tuple[str, int]:
    fare = rng.randint(2, 4)
    days = rng.randint(5, 7)
    weekly_pass = rng.randint(10, 2 * fare * days - 1)
    q = (f"A single bus ride costs ${fare}. {who} rides the bus to work and back home {days} "
         f"days a week. A weekly pass costs ${weekly_pass}. How much money does {who} save in "
         f"a week by buying the pass instead of single tickets?")
    return q, 2 * fare * days - weekly_pass


STORIES = [
    raffle_tickets, library_cart, pool_lengths, cinema_change, muffin_boxes, nursery_seedlings,
    car_wash_wax, book_club_pace, shelter_adoptions, play_two_nights, laundromat_time,
    post_office_change, gym_months, plum_crates, party_chocolates, coach_seats,
    hotel_empty_rooms, concert_length, charity_goal, pool_fill_hours, popcorn_price,
    cookie_bags, two_washers, kibble_days, costume_fabric, laundry_split, letter_sorting,
    push_up_gap, birthday_bike, bus_pass_saving,
]

FAMILIES = [story_family(
    "word_m", "word problems by a ninth author, a dev family to validate rules before held-out (not held out)",
    STORIES, NAMES, home="dev",
)]

__all__ = ["FAMILIES", "STORIES"]
