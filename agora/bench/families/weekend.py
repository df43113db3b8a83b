"""word_h: 30 short arithmetic word problems by a fourth author, a dev family.

Written by a fourth author (a helper session) without reading the solver
(``agora.agent``) or the other story families, to validate rules on stories nobody tuned
them on before they meet the held-out families. The 30 templates imitate five teachers
with six problems each: terse ones, chatty ones with an irrelevant detail, first-person
ones, ones that give the key quantity in the question sentence, and a mixed set of money,
ages, time and distance. Every answer is a whole, non-negative number by construction
(divisions exact, subtractions non-negative); the names are used by no other family.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = ["Anika", "Bastian", "Camila", "Darius", "Elodie", "Fiona", "Gael", "Harriet",
         "Idris", "Juno", "Kasper", "Leilani", "Nora", "Otis", "Rhea", "Soren"]


# --- the first teacher: terse --------------------------------------------------------------

def bike_ride(rng: random.Random, who: str) -> tuple[str, int]:
    sat = rng.randint(8, 30)
    sun = rng.randint(5, 25)
    q = (f"{who} rides {sat} km on Saturday and {sun} km on Sunday. On Monday {who} rides twice as far "
         f"as on Sunday. How many km does {who} ride over the three days?")
    return q, sat + sun + 2 * sun


def stickers(rng: random.Random, who: str) -> tuple[str, int]:
    each = rng.randint(3, 9)
    friends = rng.randint(2, 6)
    left = rng.randint(2, 25)
    have = each * friends + left
    q = f"{who} has {have} stickers and gives {each} to each of {friends} friends. How many stickers does {who} have left?"
    return q, left


def egg_cartons(rng: random.Random, who: str) -> tuple[str, int]:
    cartons = rng.randint(4, 15)
    total = 12 * cartons
    sat = rng.randint(total // 4, 3 * total // 4)
    sun = total - sat
    q = (f"The hens on {who}'s farm lay {sat} eggs on Saturday and {sun} eggs on Sunday. "
         f"How many cartons does {who} fill if each carton holds a dozen eggs?")
    return q, cartons


def bus_seats(rng: random.Random, who: str) -> tuple[str, int]:
    rows = rng.randint(8, 15)
    per_row = rng.choice([2, 3, 4])
    taken = rng.randint(5, rows * per_row - 2)
    q = (f"The bus {who} takes to the stadium has {rows} rows of {per_row} seats. {taken} seats are taken. "
         f"How many seats are empty?")
    return q, rows * per_row - taken


def reading(rng: random.Random, who: str) -> tuple[str, int]:
    per_day = rng.randint(8, 30)
    days = rng.randint(3, 7)
    left = rng.randint(10, 120)
    pages = per_day * days + left
    q = (f"{who} reads {per_day} pages a day for {days} days. The book has {pages} pages. "
         f"How many pages are left to read?")
    return q, left


def apples_half(rng: random.Random, who: str) -> tuple[str, int]:
    picked = 2 * rng.randint(10, 40)
    eaten = rng.randint(1, min(6, picked // 2 - 1))
    q = (f"{who} picks {picked} apples. {who} gives half of them to a neighbour and then eats {eaten}. "
         f"How many apples are left?")
    return q, picked // 2 - eaten


# --- the second teacher: chatty, with a detail that does not matter ----------------------------

def lemonade_stand(rng: random.Random, who: str) -> tuple[str, int]:
    paint = rng.choice([20, 30, 40, 45, 50])
    cups = rng.randint(15, 40)
    price = rng.randint(1, 3)
    cost = rng.randint(5, cups * price - 5)
    q = (f"On a sunny Saturday, {who} sets up a lemonade stand at the end of the street. The bright yellow "
         f"sign took {who} {paint} minutes to paint. {who} sells {cups} cups of lemonade at ${price} each and "
         f"spent ${cost} on lemons and sugar. How much profit does {who} make, in dollars?")
    return q, cups * price - cost


def garden_beds(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(12, 40)
    rows = rng.randint(3, 8)
    seeds = rng.randint(10, 20)
    plants = rng.randint(4, 15)
    q = (f"{who}'s grandmother has a vegetable garden that she started {age} years ago. This weekend "
         f"{who} helps her sow {rows} rows of carrots with {seeds} seeds in each row, and they also put in "
         f"{plants} tomato plants. How many carrot seeds and tomato plants do they put in the ground altogether?")
    return q, rows * seeds + plants


def swim_laps(rng: random.Random, who: str) -> tuple[str, int]:
    length = rng.choice([25, 50])
    sat = rng.randint(6, 20)
    more = rng.randint(2, 8)
    q = (f"{who} loves the local pool, which is {length} metres long and has a big clock on the wall. "
         f"{who} swims {sat} lengths on Saturday and {more} more lengths on Sunday than on Saturday. "
         f"How many metres does {who} swim over the weekend?")
    return q, length * (sat + sat + more)


def board_game_night(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        friends = rng.randint(3, 15)
        slices = rng.choice([2, 3, 4])
        if (friends + 1) * slices % 8 == 0:
            break
    q = (f"{who} hosts a board game night and invites {friends} friends, who bring their favourite games. "
         f"Everyone, {who} included, will eat {slices} slices of pizza, and each pizza is cut into 8 slices. "
         f"How many pizzas does {who} need to order?")
    return q, (friends + 1) * slices // 8


def museum_trip(rng: random.Random, who: str) -> tuple[str, int]:
    students = rng.randint(18, 32)
    teachers = rng.randint(2, 4)
    p_student = rng.randint(4, 9)
    p_teacher = p_student + rng.randint(2, 6)
    q = (f"{who}'s class goes to the science museum on a rainy Friday, and the bus driver plays music the whole way. "
         f"There are {students} students and {teachers} teachers. A student ticket costs ${p_student} and a "
         f"teacher ticket costs ${p_teacher}. How much do the tickets cost altogether?")
    return q, students * p_student + teachers * p_teacher


def birdwatching(rng: random.Random, who: str) -> tuple[str, int]:
    first = rng.randint(4, 15)
    fewer = rng.randint(2, 3 * first - 2)
    q = (f"{who} goes birdwatching by the lake with a pair of old binoculars. In the first hour {who} spots "
         f"{first} birds, and in the second hour three times as many. In the third hour {who} spots {fewer} "
         f"fewer birds than in the second hour. How many birds does {who} spot in the three hours?")
    return q, first + 3 * first + (3 * first - fewer)


# --- the third teacher: first person ----------------------------------------------------------

def my_savings(rng: random.Random, who: str) -> tuple[str, int]:
    mine = rng.randint(3, 12)
    more = rng.randint(1, 6)
    weeks = rng.randint(3, 10)
    q = (f"I get ${mine} of pocket money each week, and my friend {who} gets ${more} more than me. "
         f"We both save all of it for {weeks} weeks. How many dollars do we have saved together?")
    return q, (mine + mine + more) * weeks


def my_shells(rng: random.Random, who: str) -> tuple[str, int]:
    per_bag = rng.choice([4, 5, 6, 8, 10])
    bags = rng.randint(3, 9)
    total = per_bag * bags
    theirs = rng.randint(total // 2 + 1, total - 1)
    fewer = 2 * theirs - total
    q = (f"{who} and I collect shells on the beach. {who} finds {theirs} shells and I find {fewer} fewer than "
         f"{who}. We put all the shells into bags of {per_bag}. How many bags do we fill?")
    return q, bags


def my_drive(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([40, 50, 60, 70, 80, 90])
    done_h = rng.randint(2, 4)
    rest_h = rng.randint(1, 4)
    driven = speed * done_h
    distance = driven + speed * rest_h
    q = (f"I am driving to {who}'s house, which is {distance} km away. So far I have driven {driven} km in "
         f"{done_h} hours at a steady speed. How many more hours will the drive take if I keep the same speed?")
    return q, rest_h


def my_baking(rng: random.Random, who: str) -> tuple[str, int]:
    batches = rng.randint(2, 8)
    eggs = rng.randint(2, 4)
    q = (f"I want to bake {12 * batches} muffins for {who}'s school fair. One batch of my recipe makes a dozen "
         f"muffins and uses {eggs} eggs. How many eggs do I need?")
    return q, batches * eggs


def my_bookshelf(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        shelves = rng.randint(3, 9)
        per_shelf = rng.randint(10, 30)
        if shelves * per_shelf % 4 == 0:
            break
    total = shelves * per_shelf
    q = (f"I have {shelves} shelves with {per_shelf} books on each shelf. I give a quarter of my books to "
         f"{who} for the library sale. How many books do I keep?")
    return q, total - total // 4


def my_run(rng: random.Random, who: str) -> tuple[str, int]:
    theirs = rng.randint(15, 40)
    mine = theirs + rng.randint(5, 20)
    days = rng.randint(3, 6)
    q = (f"This week I run for {mine} minutes on each of {days} days. My friend {who} runs for {theirs} "
         f"minutes on each of those days. How many more minutes do I run than {who} this week?")
    return q, (mine - theirs) * days


# --- the fourth teacher: the key quantity in the question --------------------------------------

def juice_boxes(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        kids = rng.randint(5, 24)
        each = rng.choice([2, 3, 4])
        if kids * each % 6 == 0:
            break
    q = (f"{who} is packing a picnic for {kids} children. Each child should get {each} juice boxes. "
         f"How many packs does {who} need to buy if each pack holds 6 juice boxes?")
    return q, kids * each // 6


def patio_tiles(rng: random.Random, who: str) -> tuple[str, int]:
    length = rng.randint(6, 14)
    width = rng.randint(4, 10)
    laid = rng.randint(5, length * width - 5)
    price = rng.randint(2, 7)
    q = (f"{who}'s new patio is {length} tiles long and {width} tiles wide. {who} has already laid {laid} tiles. "
         f"How much will the rest of the tiles cost if each tile costs ${price}?")
    return q, (length * width - laid) * price


def car_wash(rng: random.Random, who: str) -> tuple[str, int]:
    sat = rng.randint(10, 30)
    sun = rng.randint(8, 25)
    price = rng.choice([5, 6, 8, 10])
    soap = rng.randint(10, 30)
    q = (f"{who}'s swim team washes {sat} cars on Saturday and {sun} cars on Sunday. How much money do they "
         f"raise for their trip if they charge ${price} per car and spend ${soap} on soap and sponges?")
    return q, (sat + sun) * price - soap


def ribbon(rng: random.Random, who: str) -> tuple[str, int]:
    bow = rng.choice([20, 25, 30, 40])
    bows = rng.randint(4, 12)
    used = rng.randint(2, 10) * 10
    total = bow * bows + used
    q = (f"{who} has a ribbon that is {total} cm long and cuts off {used} cm to tie a present. "
         f"How many bows can {who} make from the rest if each bow needs {bow} cm?")
    return q, bows


def hiking(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([3, 4, 5])
    hours = rng.randint(2, 7)
    total = speed * hours
    morning = rng.randint(1, total - 1)
    q = (f"{who} hikes {morning} km in the morning and {total - morning} km after lunch. How many hours does "
         f"the whole hike take if {who} walks {speed} km every hour?")
    return q, hours


def lawn_money(rng: random.Random, who: str) -> tuple[str, int]:
    earned = 20 * rng.randint(3, 12)
    pct = rng.choice([10, 20, 25, 50])
    left = earned - earned * pct // 100
    cap = rng.randint(5, left - 5)
    q = (f"{who} earns ${earned} mowing lawns this month. How much does {who} have left to spend if "
         f"{who} saves {pct}% of it and then buys a cap for ${cap}?")
    return q, left - cap


# --- the fifth teacher: money, ages, time, distance -------------------------------------------

def ages(rng: random.Random, who: str) -> tuple[str, int]:
    age = rng.randint(6, 14)
    older = rng.randint(24, 34)
    q = (f"{who} is {age} years old. {who}'s mother is {older} years older than {who}, and {who}'s grandfather "
         f"is twice as old as the mother. How old is the grandfather?")
    return q, 2 * (age + older)


def cinema_change(rng: random.Random, who: str) -> tuple[str, int]:
    tickets = rng.randint(2, 5)
    price = rng.randint(7, 14)
    popcorn = rng.randint(4, 9)
    bill = 50 if tickets * price + popcorn < 50 else 100
    q = (f"{who} buys {tickets} cinema tickets at ${price} each and a large popcorn for ${popcorn}. "
         f"{who} pays with a ${bill} bill. How much change does {who} get?")
    return q, bill - tickets * price - popcorn


def movie_marathon(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        films = rng.randint(2, 4)
        length = rng.choice([80, 85, 90, 95, 100, 105, 110, 120])
        pause = rng.choice([10, 15, 20, 25, 30, 40])
        if films * (length + pause) % 60 == 0:
            break
    q = (f"{who} has a movie marathon on Sunday and watches {films} films that are each {length} minutes long. "
         f"After each film {who} takes a {pause}-minute break for snacks. How many hours does the marathon "
         f"last, breaks included?")
    return q, films * (length + pause) // 60


def football_goals(rng: random.Random, who: str) -> tuple[str, int]:
    total = 5 * rng.randint(5, 16)
    home = rng.randint(total // 3, 2 * total // 3)
    q = (f"This season {who}'s football team scored {home} goals in home games and {total - home} goals in "
         f"away games. {who} scored a fifth of all the team's goals. How many goals did {who} score?")
    return q, total // 5


def fruit_stall(rng: random.Random, who: str) -> tuple[str, int]:
    apple = rng.randint(2, 5)
    pear = rng.randint(3, 6)
    kg_apple = rng.randint(2, 6)
    kg_pear = rng.randint(2, 5)
    q = (f"At the farmers' market, apples cost ${apple} a kilo and pears cost ${pear} a kilo. {who} buys "
         f"{kg_apple} kilos of apples and {kg_pear} kilos of pears. How many dollars does {who} spend?")
    return q, apple * kg_apple + pear * kg_pear


def train_journey(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([60, 70, 80, 90, 100, 120])
    hours = rng.randint(2, 5)
    extra = rng.randint(15, 90)
    q = (f"{who} takes the train to the seaside. The train travels at {speed} km per hour for {hours} hours, "
         f"and then a bus carries {who} {extra} km more. How many km does {who} travel in all?")
    return q, speed * hours + extra


STORIES = [
    bike_ride, stickers, egg_cartons, bus_seats, reading, apples_half,
    lemonade_stand, garden_beds, swim_laps, board_game_night, museum_trip, birdwatching,
    my_savings, my_shells, my_drive, my_baking, my_bookshelf, my_run,
    juice_boxes, patio_tiles, car_wash, ribbon, hiking, lawn_money,
    ages, cinema_change, movie_marathon, football_goals, fruit_stall, train_journey,
]

FAMILIES = [story_family("word_h", "word problems by a fourth author, a dev family to validate rules before "
                         "held-out (not held out)", STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
