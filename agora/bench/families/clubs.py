"""word_o: 30 short arithmetic word problems by an eleventh author, a dev family.

Written by a helper session without reading the solver or the other word families.
Theme: clubs, teams and community groups (chess club, choir, football team, book club, scout troop,
running club, robotics team, community garden, knitting circle, youth orchestra); 2 to 4 steps;
whole-number answers; exact divisions, non-negative subtractions by construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = [
    "Oluwaseun", "Thandiwe", "Kaveh", "Sigrun", "Amaru", "Yerlan", "Teodora", "Haruto",
    "Ximena", "Bartosz", "Nalani", "Chidera", "Emine", "Ilse", "Sunniva", "Tavita",
]


def chess_tables(rng: random.Random, who: str) -> tuple[str, int]:
    tables, boards, wait = rng.randint(3, 7), rng.randint(2, 4), rng.randint(1, 9)
    came = 2 * tables * boards + wait
    room = rng.randint(101, 320)
    q = (f"On club night in room {room}, {who} sets up {tables} tables for the chess club, with {boards} boards "
         f"on each table. Every board seats two players. If {came} members turn up, how many of them have to "
         f"wait for a free seat?")
    return q, wait


def choir_sections(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        sopranos, fewer = rng.randint(12, 30), rng.randint(2, 8)
        altos = sopranos - fewer
        if altos % 2 == 0:
            break
    tenors = altos // 2
    q = (f"{who} counts the singers in the community choir. There are {sopranos} sopranos, and the altos number "
         f"{fewer} fewer than the sopranos. The tenor section is half the size of the alto section. How many "
         f"singers are in these three sections altogether?")
    return q, sopranos + altos + tenors


def football_oranges(rng: random.Random, who: str) -> tuple[str, int]:
    players, pieces = 4 * rng.randint(3, 6), rng.choice([2, 3, 5])
    used = players * pieces // 4
    spare = rng.randint(0, 10)
    bag = used + spare
    q = (f"At half-time {who} cuts oranges into quarters for the football team. There are {players} players, and "
         f"each one eats {pieces} pieces. {who} brought a bag of {bag} oranges. How many oranges did {who} not "
         f"need to cut?")
    return q, spare


def book_pages_per_week(rng: random.Random, who: str) -> tuple[str, int]:
    weeks, per, done = rng.randint(3, 6), rng.randint(20, 60), rng.randint(10, 90)
    pages = done + weeks * per
    q = (f"The book club picked a {pages}-page novel for next month. {who} has already read {done} pages and wants "
         f"to finish the rest in {weeks} weeks, reading the same number of pages each week. How many pages is that "
         f"per week?")
    return q, per


def scout_fees_change(rng: random.Random, who: str) -> tuple[str, int]:
    kids, fee, scarf = rng.randint(2, 4), rng.randint(15, 40), rng.randint(3, 9)
    total = kids * (fee + scarf)
    paid = (total // 50 + 1) * 50
    q = (f"Registration for the scout troop costs ${fee} per child, plus ${scarf} for a neckerchief. {who} signs "
         f"up {kids} children, buys a neckerchief for each of them, and pays with ${paid}. How much change does "
         f"{who} get back?")
    return q, paid - total


def running_weeks(rng: random.Random, who: str) -> tuple[str, int]:
    short, weeks = rng.randint(3, 8), rng.randint(3, 10)
    q = (f"{who} goes to the running club's Tuesday runs, which are {short} km each, and to its Saturday long runs, "
         f"which are twice as long. Going to both runs every week for {weeks} weeks, how many kilometres does "
         f"{who} cover?")
    return q, (short + 2 * short) * weeks


def robotics_hours(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        minutes, times, weeks = rng.choice([40, 45, 50, 75, 90, 120]), rng.randint(2, 4), rng.randint(2, 12)
        if minutes * times * weeks % 60 == 0:
            break
    q = (f"{who}'s robotics team meets {times} times a week, and each build session lasts {minutes} minutes. "
         f"How many hours does the team spend building over {weeks} weeks?")
    return q, minutes * times * weeks // 60


def garden_tomatoes(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        beds, rows, per = rng.randint(4, 12), rng.randint(2, 5), rng.randint(4, 10)
        if beds * rows * per % 3 == 0:
            break
    q = (f"The community garden has {beds} raised beds. {who} plants {rows} rows in each bed, with {per} seedlings "
         f"in every row. A third of all the seedlings are tomatoes. How many tomato seedlings did {who} plant?")
    return q, beds * rows * per // 3


def knitting_wool(rng: random.Random, who: str) -> tuple[str, int]:
    grams, kilos = rng.choice([100, 125, 200, 250]), rng.randint(2, 6)
    scarves = kilos * 1000 // grams
    made = rng.randint(1, scarves - 1)
    q = (f"The knitting circle was given {kilos} kilograms of wool. Each scarf takes {grams} grams. {who} and the "
         f"others have already knitted {made} scarves from it. How many more scarves can they make with the wool "
         f"that is left?")
    return q, scarves - made


def orchestra_woodwind(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        members, pct = rng.randint(3, 12) * 10, rng.choice([20, 30, 40, 60, 70, 80])
        strings = members * pct // 100
        if members * pct % 100 == 0 and (members - strings) % 2 == 0:
            break
    q = (f"{who} plays in a youth orchestra with {members} members. {pct}% of the members play string "
         f"instruments. Half of the remaining members play woodwind, and the others play brass or percussion. "
         f"How many members play woodwind?")
    return q, (members - strings) // 2


def chess_kitty(rng: random.Random, who: str) -> tuple[str, int]:
    clocks, clock_price = rng.randint(2, 6), rng.randint(25, 45)
    sets, set_price = rng.randint(3, 8), rng.randint(8, 20)
    spent = clocks * clock_price + sets * set_price
    left = rng.randint(5, 120)
    q = (f"The chess club had ${spent + left} in its kitty. {who}, the treasurer, bought {clocks} tournament clocks "
         f"at ${clock_price} each and {sets} new chess sets at ${set_price} each. How much money is left in the "
         f"kitty?")
    return q, left


def choir_tickets(rng: random.Random, who: str) -> tuple[str, int]:
    adults, adult_price, child_price = rng.randint(20, 60), rng.randint(8, 15), rng.randint(3, 7)
    word, times = rng.choice([("twice", 2), ("three times", 3), ("four times", 4)])
    q = (f"For the choir's spring concert, adult tickets cost ${adult_price} and children's tickets cost "
         f"${child_price}. {who} sold {adults} adult tickets and {word} as many children's tickets. How much money "
         f"did {who} take in from these sales?")
    return q, adults * adult_price + times * adults * child_price


def football_goals(rng: random.Random, who: str) -> tuple[str, int]:
    goals, more = rng.randint(3, 12), rng.randint(2, 7)
    ivo = goals + more
    top = 2 * ivo
    q = (f"This season {who} scored {goals} goals for the under-14 team. A teammate, Ivo, scored {more} more than "
         f"{who}, and the team's top scorer netted twice as many as Ivo. How many goals did the three of them "
         f"score between them?")
    return q, goals + ivo + top


def book_club_pizza(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        members, slices = rng.randint(6, 20), rng.randint(2, 4)
        if members * slices % 8 == 0:
            break
    price = rng.randint(9, 16)
    q = (f"Each of the {members} people at {who}'s book club meeting eats {slices} slices of pizza, and every pizza "
         f"is cut into 8 slices. Pizzas cost ${price} each. If {who} orders exactly enough pizza, how much does it "
         f"cost?")
    return q, members * slices // 8 * price


def scout_cookies(rng: random.Random, who: str) -> tuple[str, int]:
    first, drop, price = rng.randint(10, 30), rng.randint(3, 15), rng.choice([3, 4, 5])
    second = 2 * first
    third = second - drop
    q = (f"{who} sold {first} boxes of cookies for the scout troop in the first week and twice as many in the "
         f"second week. In the third week sales slipped to {drop} fewer than in the second week. At ${price} a box, "
         f"how much money did {who} raise over the three weeks?")
    return q, price * (first + second + third)


def running_shoes(rng: random.Random, who: str) -> tuple[str, int]:
    price, pct, pairs = rng.randint(3, 8) * 20, rng.choice([10, 20, 25]), rng.randint(2, 3)
    q = (f"Members of the running club get {pct}% off at the local sports shop. {who} buys {pairs} pairs of trail "
         f"shoes that normally cost ${price} a pair. How much does {who} pay with the member discount?")
    return q, pairs * price * (100 - pct) // 100


def robotics_bolts(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        packs, per_pack = rng.randint(3, 6), rng.choice([20, 25, 40, 50])
        need, robots, groups = rng.randint(6, 12), rng.randint(2, 6), rng.choice([3, 4, 5])
        left = packs * per_pack - robots * need
        if left >= 0 and left % groups == 0:
            break
    q = (f"{who}'s robotics team opened {packs} packs of {per_pack} bolts. Each robot they build needs {need} bolts, "
         f"and they build {robots} robots. The leftover bolts are split equally among the team's {groups} "
         f"sub-teams. How many bolts does each sub-team get?")
    return q, left // groups


def garden_harvest(rng: random.Random, who: str) -> tuple[str, int]:
    crates, kg, families = rng.randint(2, 9), rng.randint(3, 8), rng.choice([4, 5, 8, 10])
    q = (f"At the end of summer, {who} and the other community gardeners dug up {crates} crates of potatoes "
         f"weighing {kg} kg each. The potatoes are shared equally among {families} families. How many grams of "
         f"potatoes does each family get?")
    return q, crates * kg * 1000 // families


def knitting_blanket(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        rows, cols = rng.randint(8, 14), rng.randint(6, 12)
        knitters, each = rng.randint(3, 8), rng.randint(2, 6)
        if rows * cols % (knitters * each) == 0 and 2 <= rows * cols // (knitters * each) <= 12:
            break
    q = (f"The knitting circle is making a charity blanket of {rows} rows with {cols} squares in each row. {who} "
         f"and the other members, {knitters} knitters in all, each finish {each} squares a week. How many weeks "
         f"will it take to knit all the squares?")
    return q, rows * cols // (knitters * each)


def orchestra_minibus(rng: random.Random, who: str) -> tuple[str, int]:
    seats, buses, teachers = rng.choice([12, 16]), rng.randint(2, 5), rng.randint(3, 6)
    musicians = seats * buses - teachers
    cost, year = rng.randint(80, 150), rng.randint(2015, 2024)
    q = (f"For its {year} summer tour, the youth orchestra is taking {musicians} musicians and {teachers} teachers "
         f"to a festival. {who} hires the fewest minibuses that will carry everyone; each minibus seats {seats} "
         f"people and costs ${cost} to hire. What is the total cost of the minibuses?")
    return q, buses * cost


def chess_puzzles(rng: random.Random, who: str) -> tuple[str, int]:
    others, each, age = rng.randint(8, 20), rng.randint(3, 9), rng.randint(10, 16)
    q = (f"Besides {who}, the chess club has {others} members, and each of them solves {each} puzzles a week. "
         f"{who}, who is {age}, solves twice as many puzzles as each of them. How many puzzles does the whole club, "
         f"{who} included, solve in a week?")
    return q, others * each + 2 * each


def choir_rehearsal(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        hours, warm, tea = rng.choice([2, 3]), rng.choice([10, 15, 20]), rng.choice([10, 15, 20, 25])
        songs = rng.randint(4, 8)
        if (60 * hours - warm - tea) % songs == 0:
            break
    q = (f"Saturday's choir rehearsal runs for {hours} hours. The first {warm} minutes are warm-ups and there is a "
         f"{tea}-minute tea break; {who} splits the remaining time equally among {songs} songs. How many minutes "
         f"does each song get?")
    return q, (60 * hours - warm - tea) // songs


def football_kits(rng: random.Random, who: str) -> tuple[str, int]:
    players, kit = rng.randint(11, 18), rng.randint(30, 60)
    share = rng.randint(5, kit - 5)
    sponsor = players * (kit - share)
    q = (f"New kits for {who}'s football team cost ${kit} per player, and there are {players} players. A local "
         f"bakery gives the team ${sponsor} towards the kits, and the players split the rest of the bill equally. "
         f"How much does each player pay?")
    return q, share


def book_evenings(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        rate, minutes = rng.choice([30, 40, 45, 60]), rng.choice([20, 30, 40, 45, 60])
        if rate * minutes % 60 == 0:
            break
    evenings = rng.randint(4, 14)
    pages = rate * minutes // 60 * evenings
    q = (f"{who} reads {rate} pages an hour and spends {minutes} minutes reading each evening. The book "
         f"club's next novel has {pages} pages. How many evenings will it take {who} to read the whole book?")
    return q, evenings


def scout_water(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        scouts, days = rng.randint(8, 20), rng.randint(2, 4)
        litres, jug = rng.choice([2, 3]), rng.choice([5, 10, 20])
        if scouts * days * litres % jug == 0:
            break
    q = (f"{who}'s scout troop is going camping: {scouts} scouts for {days} days. Each scout needs {litres} litres "
         f"of drinking water a day, and the water is carried in {jug}-litre jugs. How many jugs must the troop "
         f"fill?")
    return q, scouts * days * litres // jug


def running_relay(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        leg, legs, runners = rng.choice([200, 250, 400, 500]), rng.choice([2, 3]), rng.randint(4, 12)
        if leg * legs * runners % 1000 == 0:
            break
    km = leg * legs * runners // 1000
    q = (f"The running club enters a {km} km relay. The course is divided into legs of {leg} metres, and each "
         f"runner covers {legs} legs. How many runners does {who}, the club captain, need to sign up?")
    return q, runners


def robotics_score(rng: random.Random, who: str) -> tuple[str, int]:
    cube_pts, ball_pts, cubes = rng.randint(3, 6), rng.randint(2, 5), rng.randint(4, 10)
    earned = cubes * cube_pts + 2 * cubes * ball_pts
    penalty = rng.randint(2, min(20, earned))
    q = (f"In the robotics competition, a robot earns {cube_pts} points for each cube it stacks and {ball_pts} "
         f"points for each ball it scores. {who}'s robot stacked {cubes} cubes and scored twice as many balls as "
         f"cubes, but it lost {penalty} points for penalties. What was its final score?")
    return q, earned - penalty


def garden_planting(rng: random.Random, who: str) -> tuple[str, int]:
    lettuce, fewer = rng.randint(6, 20), rng.randint(5, 20)
    onions = 4 * lettuce
    carrots = onions - fewer
    q = (f"In the community garden, {who} planted {lettuce} lettuce seedlings, which is a quarter of the number of "
         f"onion sets the group planted. The group also planted {fewer} fewer carrots than onions. How many onions "
         f"and carrots were planted altogether?")
    return q, onions + carrots


def knitting_sale(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        hat, scarf = rng.randint(8, 20), rng.randint(10, 25)
        hats, scarves = rng.randint(5, 15), rng.randint(4, 12)
        total = hat * hats + scarf * scarves
        if total % 4 == 0:
            break
    q = (f"At the craft fair, the knitting circle sold {hats} hats at ${hat} each and {scarves} scarves at "
         f"${scarf} each. They gave a quarter of the takings to the animal shelter, and {who} put the rest in the "
         f"yarn fund. How much went into the yarn fund?")
    return q, total * 3 // 4


def orchestra_practice(rng: random.Random, who: str) -> tuple[str, int]:
    while True:
        target = rng.randint(10, 30)
        done, minutes = rng.randint(1, target - 1), rng.choice([30, 40, 45, 60, 90])
        if (target - done) * 60 % minutes == 0:
            break
    q = (f"Before the youth orchestra's auditions, every member must log {target} hours of practice. {who} has "
         f"logged {done} hours so far and, from now on, practises {minutes} minutes a day. How many more days will "
         f"it take {who} to reach the target?")
    return q, (target - done) * 60 // minutes


STORIES = [
    chess_tables, choir_sections, football_oranges, book_pages_per_week, scout_fees_change, running_weeks,
    robotics_hours, garden_tomatoes, knitting_wool, orchestra_woodwind, chess_kitty, choir_tickets,
    football_goals, book_club_pizza, scout_cookies, running_shoes, robotics_bolts, garden_harvest,
    knitting_blanket, orchestra_minibus, chess_puzzles, choir_rehearsal, football_kits, book_evenings,
    scout_water, running_relay, robotics_score, garden_planting, knitting_sale, orchestra_practice,
]  # all 30
FAMILIES = [story_family(
    "word_o", "word problems by an eleventh author, a dev family to validate rules before held-out (not held out)",
    STORIES, NAMES, home="dev",
)]
__all__ = ["FAMILIES", "STORIES"]
