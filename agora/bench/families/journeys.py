"""word_k: 30 short arithmetic word problems by a seventh author, a dev family.

Written by a helper session without reading the solver or the other word families. Theme:
school, travel and time (trips, classrooms, trains and buses, speeds, timetables, holidays,
fuel, tickets, museums, camps). Each story takes 2 to 4 steps and has a whole-number answer;
divisions are exact and subtractions non-negative by construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = ["Ewan", "Freya", "Gemma", "Henrik", "Ingrid", "Jamal", "Kenji", "Laila",
         "Magnus", "Nikhil", "Olga", "Petra", "Ravi", "Selma", "Tobias", "Yara"]


def coaches_for_trip(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        classes = rng.randint(3, 6)
        size = rng.randint(24, 31)
        teachers = (-classes * size) % 40
        if 3 <= teachers <= 12:
            break
    q = (f"{who}'s school is sending {classes} classes of {size} pupils each to the science museum, "
         f"together with {teachers} teachers. The coaches they hire seat 40 people each, and every seat "
         f"will be taken. How many coaches does the school hire?")
    return q, (classes * size + teachers) // 40


def train_two_speeds(rng: random.Random, who: str) -> tuple[str, int]:
    platform = rng.randint(2, 14)
    v1 = rng.choice([80, 90, 100, 110, 120])
    h1 = rng.randint(2, 4)
    v2 = rng.choice([40, 50, 60, 70])
    h2 = rng.randint(2, 3)
    q = (f"{who} boards a train on platform {platform} at 9:15 in the morning. The train runs at "
         f"{v1} km per hour for {h1} hours, then slows down to {v2} km per hour for the last {h2} "
         f"hours of the journey. How far does {who} travel by train?")
    return q, v1 * h1 + v2 * h2


def holiday_reading(rng: random.Random, who: str) -> tuple[str, int]:
    r1 = rng.randint(8, 15)
    d1 = rng.randint(3, 7)
    r2 = rng.choice([10, 12, 15, 20, 25])
    rest = rng.randint(3, 9)
    pages = r1 * d1 + r2 * rest
    q = (f"Over the summer holiday {who} must read a {pages}-page novel for school. For the first "
         f"{d1} days {who} manages {r1} pages a day. After that {who} speeds up to {r2} pages a day. "
         f"How many more days does {who} need to finish the book?")
    return q, (pages - r1 * d1) // r2


def museum_change(rng: random.Random, who: str) -> tuple[str, int]:
    adult = rng.randint(9, 16)
    child = rng.randint(4, 8)
    kids = rng.randint(2, 5)
    cost = 2 * adult + kids * child
    note = 50 if cost <= 50 else 100
    q = (f"At the history museum an adult ticket costs ${adult} and a child's ticket costs ${child}. "
         f"{who} buys tickets for two adults and {kids} children and hands over a ${note} note. "
         f"How much change should {who} get back?")
    return q, note - cost


def fuel_round_trip(rng: random.Random, who: str) -> tuple[str, int]:
    km_per_litre = rng.choice([10, 12, 15, 16, 20])
    litres_one_way = rng.randint(6, 18)
    distance = km_per_litre * litres_one_way
    price = rng.randint(2, 3)
    q = (f"{who}'s family drives to a lake {distance} km away for a weekend of camping and comes back "
         f"the same way. Their car goes {km_per_litre} km on one litre of fuel, and fuel costs ${price} "
         f"a litre. How much money do they spend on fuel for the whole trip?")
    return q, 2 * distance // km_per_litre * price


def minutes_early(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        leave = rng.choice([20, 25, 30, 35, 40, 45])
        walk = rng.randint(4, 12)
        ride = rng.randint(15, 35)
        last = rng.randint(3, 8)
        if leave + walk + ride + last <= 90:
            break
    q = (f"School starts at 8:30. {who} leaves home at 7:{leave:02d}, walks {walk} minutes to the bus "
         f"stop, rides the bus for {ride} minutes and then walks another {last} minutes to the school "
         f"gate. How many minutes before the start of school does {who} arrive?")
    return q, 90 - (leave + walk + ride + last)


def crayons_shared(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        boxes = rng.randint(4, 9)
        kids = rng.randint(18, 30)
        kept = (boxes * 12) % kids
        if 2 <= kept <= 9 and boxes * 12 >= 2 * kids:
            break
    q = (f"{who}'s teacher opens {boxes} boxes of coloured pencils with a dozen pencils in each box. "
         f"The teacher keeps {kept} pencils on the desk and shares the rest equally among the {kids} "
         f"pupils. How many pencils does each pupil receive?")
    return q, (boxes * 12 - kept) // kids


def aquarium_counts(rng: random.Random, who: str) -> tuple[str, int]:
    a = rng.randint(12, 40)
    extra = rng.randint(3, 9)
    q = (f"On the class visit to the aquarium, {who} counted {a} fish in the big tank. {who}'s best "
         f"friend counted {extra} more than twice as many fish as {who}. How many fish did the two "
         f"of them count altogether?")
    return q, a + 2 * a + extra


def camp_percent(rng: random.Random, who: str) -> tuple[str, int]:
    n = 4 * rng.randint(15, 30)
    fee = rng.choice([35, 40, 45, 50, 60])
    q = (f"There are {n} pupils in Year 6 at {who}'s school, and 25% of them signed up for the "
         f"three-day outdoor camp. Each camper pays ${fee}. How much money is collected for the camp?")
    return q, n // 4 * fee


def library_travel_books(rng: random.Random, who: str) -> tuple[str, int]:
    n = 6 * rng.randint(8, 40)
    q = (f"The school library has {n} books about travel. {who} notices that a third of them were "
         f"borrowed on Monday, and on Tuesday half of the ones still on the shelf were borrowed too. "
         f"How many travel books are left on the shelf?")
    left = n - n // 3
    return q, left - left // 2


def cycle_to_camp(rng: random.Random, who: str) -> tuple[str, int]:
    v = rng.choice([12, 14, 15, 16, 18, 20])
    h = rng.randint(2, 4)
    stop = rng.choice([15, 20, 25, 30, 40, 45])
    q = (f"{who} cycles {v * h} km to a scout camp at a steady speed of {v} km per hour, setting off "
         f"at 8 a.m. On the way {who} stops for {stop} minutes to eat lunch. How many minutes does "
         f"the whole journey take, including the stop?")
    return q, (v * h) // v * 60 + stop


def holiday_money(rng: random.Random, who: str) -> tuple[str, int]:
    ticket = rng.randint(18, 45)
    spare = 2 * rng.randint(10, 40)
    saved = ticket + spare
    q = (f"{who} saved ${saved} for a week at the seaside. The return train ticket cost ${ticket}, "
         f"and {who} spent half of the money that was left on souvenirs. How much money does {who} "
         f"have now?")
    return q, (saved - ticket) - (saved - ticket) // 2


def track_laps(rng: random.Random, who: str) -> tuple[str, int]:
    track = rng.choice([200, 250, 300, 400])
    ran = rng.randint(3, 6)
    walked = rng.randint(1, 3)
    pupils = rng.randint(22, 32)
    q = (f"The track behind {who}'s school is {track} metres around. During the PE lesson for all "
         f"{pupils} pupils, {who} ran {ran} laps and then walked {walked} more to cool down. What is "
         f"the total distance {who} covered, in metres?")
    return q, track * (ran + walked)


def trains_in_morning(rng: random.Random, who: str) -> tuple[str, int]:
    gap = rng.choice([10, 12, 15, 20, 30])
    end = rng.randint(8, 11)
    q = (f"Trains to the city centre leave {who}'s station every {gap} minutes, with the first one at "
         f"6:00 a.m. How many trains leave from 6:00 a.m. up to and including {end}:00 a.m.?")
    return q, (end - 6) * 60 // gap + 1


def hotel_days(rng: random.Random, who: str) -> tuple[str, int]:
    weeks = rng.randint(1, 3)
    days = rng.randint(1, 6)
    camp = rng.randint(3, 7 * weeks + days - 1)
    q = (f"{who}'s family is away on holiday for {weeks} week{'s' if weeks > 1 else ''} and {days} "
         f"day{'s' if days > 1 else ''}. They spend {camp} of those days at a campsite and all the "
         f"other days in a hotel. How many days do they spend in the hotel?")
    return q, 7 * weeks + days - camp


def zoo_group_free(rng: random.Random, who: str) -> tuple[str, int]:
    n = 10 * rng.randint(2, 5)
    price = rng.randint(6, 14)
    q = (f"The zoo charges ${price} for each student, but for every 10 students in a group one goes in "
         f"free. {who}'s class takes {n} students to the zoo. How much does the class pay for entry?")
    return q, (n - n // 10) * price


def bus_passengers(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        start = rng.randint(20, 45)
        off = rng.randint(3, 12)
        on = rng.randint(2, 15)
        if (start - off + on) % 2 == 0 and off < start:
            break
    q = (f"When {who} gets on the number 12 bus there are {start} passengers aboard, {who} included. "
         f"At the next stop {off} people get off and {on} get on. At the market, half of the people "
         f"on the bus get off. How many passengers remain on the bus?")
    now = start - off + on
    return q, now - now // 2


def flight_and_train(rng: random.Random, who: str) -> tuple[str, int]:
    h = rng.randint(1, 4)
    m = rng.choice([5, 10, 15, 20, 25, 35, 40, 50])
    t = rng.randint(25, 70)
    gate = rng.randint(3, 40)
    q = (f"{who} flies from gate {gate} to visit cousins. The flight lasts {h} hour{'s' if h > 1 else ''} "
         f"and {m} minutes, and the train from the airport to the cousins' town takes {t} minutes. "
         f"How many minutes do the flight and the train take altogether?")
    return q, h * 60 + m + t


def fundraiser_groups(rng: random.Random, who: str) -> tuple[str, int]:
    groups = rng.randint(4, 8)
    each = rng.randint(12, 30)
    bus = rng.randint(150, 300)
    total = bus + groups * each
    bake = rng.randint(60, 140)
    wash = total - bake
    q = (f"To pay for a trip to the coast, {who}'s class raised ${bake} at a bake sale and ${wash} "
         f"washing cars. The bus costs ${bus}, and whatever is left is shared equally among the "
         f"{groups} lunch groups. How much money does each lunch group get?")
    return q, (bake + wash - bus) // groups


def train_vs_car(rng: random.Random, who: str) -> tuple[str, int]:
    car = rng.randint(50, 80)
    train = car + rng.randint(20, 70)
    h = rng.randint(2, 5)
    q = (f"{who} takes the train to the mountains while {who}'s uncle drives there. The train averages "
         f"{train} km per hour and the car averages {car} km per hour. After {h} hours, how many more "
         f"kilometres has the train covered than the car?")
    return q, train * h - car * h


def cabins_children(rng: random.Random, who: str) -> tuple[str, int]:
    cabins = rng.randint(5, 12)
    bunks = rng.randint(3, 6)
    empty = rng.randint(1, 9)
    q = (f"At the summer camp {who} goes to there are {cabins} cabins. Each cabin has {bunks} bunk beds, "
         f"and each bunk bed sleeps two children. This week {empty} of the sleeping places are empty. How many children "
         f"are staying at the camp?")
    return q, cabins * bunks * 2 - empty


def postcard_stamps(rng: random.Random, who: str) -> tuple[str, int]:
    family = rng.randint(2, 5)
    stamp = rng.randint(1, 2)
    cost = 4 * family * stamp
    bill = 20 if cost <= 20 else 50
    q = (f"While on holiday, {who} writes {family} postcards to family and three times as many to "
         f"friends. Every postcard needs one stamp costing ${stamp}. {who} pays for all the stamps "
         f"with a ${bill} bill. How much change does {who} get?")
    return q, bill - (family + 3 * family) * stamp


def museum_tour_time(rng: random.Random, who: str) -> tuple[str, int]:
    rooms = rng.randint(4, 9)
    per_room = rng.randint(8, 15)
    walk = rng.randint(2, 5)
    q = (f"{who}'s class joins a guided tour at 10:00 that visits {rooms} rooms of the art museum. The "
         f"guide spends {per_room} minutes in each room, and it takes {walk} minutes to walk from one "
         f"room to the next. How many minutes does the tour last, from entering the first room to "
         f"leaving the last?")
    return q, rooms * per_room + (rooms - 1) * walk


def map_scale_hours(rng: random.Random, who: str) -> tuple[str, int]:
    scale = rng.choice([5, 10, 20])
    speed = rng.choice([s for s in range(40, 91, 10) if s % scale == 0])
    hours = rng.randint(2, 5)
    cm = speed * hours // scale
    q = (f"On {who}'s road map, 1 cm stands for {scale} km. The route from school to the field centre "
         f"measures {cm} cm on the map. If the school bus drives at {speed} km per hour, how many hours "
         f"will the journey take?")
    return q, cm * scale // speed


def walkers_and_buses(rng: random.Random, who: str) -> tuple[str, int]:
    n = 5 * rng.randint(5, 8)
    riders = n - n * 3 // 5
    early = rng.randint(1, riders - 1)
    q = (f"In {who}'s class of {n} pupils, three fifths walk to school and the rest come by bus. Of the "
         f"bus riders, {early} take the early bus. How many pupils in the class take the late bus?")
    return q, n - n * 3 // 5 - early


def weeks_of_saving(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(9, 13)
    weekly = rng.choice([5, 6, 8, 10, 12, 15])
    weeks = rng.randint(4, 15)
    has = rng.randint(10, 60)
    cost = has + weekly * weeks
    q = (f"{who} is {age} years old and wants to go on the school ski trip, which costs ${cost}. "
         f"{who} already has ${has} and puts aside ${weekly} from pocket money every week. After how "
         f"many weeks will {who} have exactly enough?")
    return q, (cost - has) // weekly


def school_run_week(rng: random.Random, who: str) -> tuple[str, int]:
    a = rng.randint(2, 6)
    closer = rng.randint(1, 3 * a - 1)
    q = (f"{who} lives {a} km from school. A classmate lives three times as far away, and the class "
         f"monitor lives {closer} km closer to school than that classmate. How many kilometres does the "
         f"monitor travel going to school and back home over a 5-day school week?")
    return q, (3 * a - closer) * 2 * 5


def minibus_share(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        members = rng.randint(8, 16)
        days = rng.randint(2, 4)
        each = rng.randint(15, 60)
        if (members * each) % days == 0:
            break
    per_day = members * each // days
    q = (f"{who}'s choir hires a minibus for a {days}-day singing tour. The minibus costs ${per_day} a "
         f"day, and the {members} choir members split the whole cost equally. How much does each member "
         f"pay?")
    return q, per_day * days // members


def ferry_crossings(rng: random.Random, who: str) -> tuple[str, int]:
    h = rng.randint(7, 10)
    m = rng.choice(range(0, 60, 5))
    dur = rng.choice(range(35, 111, 5))
    end_h, end_m = divmod(h * 60 + m + dur, 60)
    trips = rng.randint(3, 6)
    q = (f"{who} catches the ferry to the island. It leaves the harbour at {h}:{m:02d} and docks at "
         f"{end_h}:{end_m:02d}. The ferry makes {trips} crossings like this every day. How many "
         f"minutes does it spend crossing each day?")
    return q, (end_h * 60 + end_m - (h * 60 + m)) * trips


def juice_packs(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        pupils = rng.randint(20, 60)
        adults = rng.randint(3, 8)
        if (pupils + adults) % 3 == 0:
            break
    q = (f"{who} is helping to plan the picnic for the field trip: {pupils} pupils and {adults} adults "
         f"are going, and everyone gets two juice boxes. Juice boxes are sold in packs of 6. How many "
         f"packs are needed so that there is none left over?")
    return q, 2 * (pupils + adults) // 6


STORIES = [
    coaches_for_trip, train_two_speeds, holiday_reading, museum_change, fuel_round_trip,
    minutes_early, crayons_shared, aquarium_counts, camp_percent, library_travel_books,
    cycle_to_camp, holiday_money, track_laps, trains_in_morning, hotel_days,
    zoo_group_free, bus_passengers, flight_and_train, fundraiser_groups, train_vs_car,
    cabins_children, postcard_stamps, museum_tour_time, map_scale_hours, walkers_and_buses,
    weeks_of_saving, school_run_week, minibus_share, ferry_crossings, juice_packs,
]

FAMILIES = [story_family(
    "word_k",
    "word problems by a seventh author, a dev family to validate rules before held-out (not held out)",
    STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
