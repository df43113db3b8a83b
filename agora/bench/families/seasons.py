"""word_n: 30 short arithmetic word problems by a tenth author, a dev family.

Written by a helper session without reading the solver or the other word families.
Theme: the seasons and the calendar year (planting, summer camp, harvest, winter sports, holidays, weather,
festivals, school terms); 2 to 4 steps; whole-number answers; exact divisions, non-negative subtractions by
construction. Not held out.
"""

from __future__ import annotations

import random

from agora.bench.families.base import story_family

NAMES = [
    "Ayelet", "Bolat", "Chiamaka", "Dagny", "Esperanza", "Farrukh", "Giedre", "Hemi",
    "Ikaika", "Jurgis", "Kalinda", "Lwazi", "Maiara", "Nazanin", "Oskari", "Phuong",
]


def spring_seedlings(rng: random.Random, who: str) -> tuple[str, int]:
    trays = rng.randint(3, 8)
    per = rng.choice([20, 40, 60])
    pct = rng.choice([75, 80, 85, 90, 95])
    sprouted = trays * per * pct // 100
    given = rng.randint(5, 20)
    q = (f"In early March, {who} sowed {per} bean seeds in each of {trays} trays on the kitchen windowsill. "
         f"By April, {pct}% of the seeds had sprouted. {who} gave {given} of the seedlings to a neighbour "
         f"and kept the rest. How many seedlings did {who} keep?")
    return q, sprouted - given


def camp_change(rng: random.Random, who: str) -> tuple[str, int]:
    weekly = rng.choice([85, 90, 110, 120, 135, 150])
    weeks = rng.randint(2, 4)
    fee = rng.choice([15, 20, 25, 30])
    cost = weekly * weeks + fee
    pay = (cost // 100 + 1) * 100 + rng.choice([0, 100])
    q = (f"A summer day camp charges ${weekly} per week plus a one-time sign-up fee of ${fee}. "
         f"{who}'s parents sign {who} up for {weeks} weeks and pay with ${pay} in cash. "
         f"How much change should they get back, in dollars?")
    return q, pay - cost


def orchard_pies(rng: random.Random, who: str) -> tuple[str, int]:
    baskets = rng.randint(3, 7)
    per = 3 * rng.randint(6, 15)
    total = baskets * per
    q = (f"On a crisp October afternoon, {who} filled {baskets} baskets with {per} apples each at the orchard. "
         f"Back home, a third of all the apples went into pies for the harvest fair. "
         f"How many apples were not used for pies?")
    return q, total - total // 3


def ski_hours(rng: random.Random, who: str) -> tuple[str, int]:
    mins = rng.choice([45, 90])
    lessons = 4 * rng.randint(1, 3) if mins == 45 else 2 * rng.randint(2, 5)
    race = rng.randint(2, 4)
    year = rng.randint(2018, 2025)
    q = (f"During the winter of {year}, {who} took {lessons} ski lessons, each lasting {mins} minutes. "
         f"{who} also spent {race} hours on the slopes at the end-of-season race day. "
         f"How many hours did the lessons and the race day take altogether?")
    return q, mins * lessons // 60 + race


def snow_depth(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(4, 20)
    days = rng.randint(2, 6)
    add = rng.randint(2, 8)
    if (start + days * add) % 2:
        start += 1
    q = (f"On the first of December the snow in {who}'s garden was {start} cm deep. "
         f"Over each of the next {days} days another {add} cm fell. Then a warm spell melted half of the snow. "
         f"How deep was the snow after the warm spell, in centimetres?")
    return q, (start + days * add) // 2


def holiday_cards(rng: random.Random, who: str) -> tuple[str, int]:
    boxes = rng.randint(2, 5)
    per = rng.choice([8, 10, 12])
    nightly = rng.randint(2, 5)
    evenings = rng.randint(1, min(6, boxes * per // nightly))
    q = (f"Before the winter holidays, {who} bought {boxes} boxes of greeting cards with {per} cards in each box. "
         f"{who} wrote {nightly} cards every evening for {evenings} evenings. How many blank cards are still left?")
    return q, boxes * per - nightly * evenings


def festival_tickets(rng: random.Random, who: str) -> tuple[str, int]:
    price = 20 * rng.randint(2, 6)
    pct = rng.choice([10, 15, 20, 25, 30])
    n = rng.randint(2, 6)
    unit = price - price * pct // 100
    q = (f"Tickets to the midsummer music festival cost ${price} each, but early buyers get {pct}% off. "
         f"{who} buys {n} early-bird tickets for the family. How much does {who} pay altogether, in dollars?")
    return q, n * unit


def school_term(rng: random.Random, who: str) -> tuple[str, int]:
    weeks = rng.randint(10, 14)
    closed = rng.randint(1, 4)
    sick = rng.randint(1, 6)
    q = (f"The spring term at {who}'s school lasts {weeks} weeks, with lessons from Monday to Friday. "
         f"The school is shut on {closed} of those weekdays for public holidays, and {who} stayed home "
         f"with the flu on {sick} other school days. On how many days did {who} go to school that term?")
    return q, weeks * 5 - closed - sick


def lemonade_profit(rng: random.Random, who: str) -> tuple[str, int]:
    price = rng.choice([2, 3])
    sat = rng.randint(10, 25)
    spent = rng.randint(10, 40)
    q = (f"On a hot July weekend {who} ran a lemonade stand, selling cups for ${price} each. "
         f"{who} sold {sat} cups on Saturday and twice as many on Sunday. The lemons and sugar had cost ${spent}. "
         f"How much profit did {who} make, in dollars?")
    return q, price * (sat + 2 * sat) - spent


def pumpkin_weights(rng: random.Random, who: str) -> tuple[str, int]:
    first = rng.randint(4, 12)
    heavier = rng.randint(2, 8)
    if (first + heavier) % 2:
        heavier += 1
    second = first + heavier
    q = (f"At the autumn fair {who} entered three pumpkins. The first weighed {first} kg. "
         f"The second was {heavier} kg heavier than the first, and the third weighed half as much as the second. "
         f"What was the total weight of the three pumpkins, in kilograms?")
    return q, first + second + second // 2


def spring_rain(rng: random.Random, who: str) -> tuple[str, int]:
    mm = rng.choice([4, 5, 6, 8, 10, 12, 15])
    days = rng.randint(6, 15)
    while days * mm % 10:
        days = rng.randint(6, 15)
    q = (f"In April it rained on {days} days, and {who}'s rain gauge collected {mm} mm on each of those days. "
         f"May was wetter: twice as much rain fell as in the whole of April. "
         f"How many centimetres of rain fell in April and May together?")
    return q, 3 * days * mm // 10


def rink_sessions(rng: random.Random, who: str) -> tuple[str, int]:
    mins = rng.choice([20, 30, 40, 45, 60, 90])
    hours = rng.randint(4, 10)
    while hours * 60 % mins:
        hours = rng.randint(4, 10)
    days = rng.randint(7, 14)
    opens = rng.choice(["9 a.m.", "10 a.m.", "11 a.m."])
    q = (f"{who} helps out at the outdoor ice rink, which opens at {opens} and stays open for {hours} hours "
         f"a day. Skating sessions last {mins} minutes each, one straight after another. "
         f"If it opens every day, how many sessions does the rink run over the {days} days of the winter holiday?")
    return q, days * hours * 60 // mins


def corn_sharing(rng: random.Random, who: str) -> tuple[str, int]:
    n = rng.randint(3, 8)
    each = rng.randint(4, 12)
    keep = rng.randint(10, 30)
    total = n * each + keep
    q = (f"{who} harvested {total} ears of sweet corn in late August. After keeping {keep} for the family, "
         f"{who} shared the rest equally among {n} neighbours. How many ears did each neighbour get?")
    return q, each


def coat_sale(rng: random.Random, who: str) -> tuple[str, int]:
    coat = 4 * rng.randint(15, 30)
    scarf = rng.randint(8, 20)
    cost = coat * 3 // 4 + scarf
    pay = (cost // 50 + 1) * 50
    q = (f"In the January sales, a winter coat with a price tag of ${coat} is marked 25% off. "
         f"{who} buys the coat and a scarf for ${scarf}, handing over ${pay}. "
         f"How much change does {who} receive, in dollars?")
    return q, pay - cost


def spring_break(rng: random.Random, who: str) -> tuple[str, int]:
    days = 4 * rng.randint(2, 5)
    camp = rng.randint(1, 4)
    q = (f"{who}'s spring break lasts {days} days. {who} spends a quarter of them on a grandparent's farm "
         f"and {camp} days at a football camp, and the remaining days at home. "
         f"How many days of the break does {who} spend at home?")
    return q, days - days // 4 - camp


def raking_leaves(rng: random.Random, who: str) -> tuple[str, int]:
    rate = rng.randint(2, 6)
    sat = rng.randint(3, 8)
    q = (f"Every autumn {who} rakes leaves for the neighbours and fills {rate} bags an hour. "
         f"This Saturday {who} raked for {sat} hours, and on Sunday for 2 fewer hours than on Saturday. "
         f"How many bags of leaves did {who} fill over the weekend?")
    return q, rate * (sat + sat - 2)


def snowman_buttons(rng: random.Random, who: str) -> tuple[str, int]:
    size = rng.randint(3, 5)
    teams = rng.randint(3, 8)
    per_team = rng.randint(2, 4)
    buttons = rng.randint(3, 5)
    q = (f"After the first big snowfall, {size * teams} children, {who} among them, split into teams of {size} "
         f"to build snowmen. Each team built {per_team} snowmen, and each snowman got {buttons} coal buttons. "
         f"How many buttons were needed in all?")
    return q, teams * per_team * buttons


def summer_reading(rng: random.Random, who: str) -> tuple[str, int]:
    july = rng.randint(8, 25)
    august = rng.randint(8, 25)
    q = (f"{who} joined the library's summer reading challenge. Every day in July {who} read {july} pages, "
         f"and every day in August {august} pages. Both months have 31 days. "
         f"How many pages did {who} read over the two months?")
    return q, 31 * (july + august)


def spring_temperature(rng: random.Random, who: str) -> tuple[str, int]:
    start = rng.randint(2, 12)
    rise = rng.randint(5, 15)
    fall = rng.randint(3, start + rise)
    q = (f"At 7 a.m. on a spring morning the thermometer outside {who}'s window read {start} °C. "
         f"By 2 p.m. the temperature had risen by {rise} degrees, and by 9 p.m. it had dropped {fall} degrees "
         f"from the afternoon reading. What was the temperature at 9 p.m., in °C?")
    return q, start + rise - fall


def seaside_drive(rng: random.Random, who: str) -> tuple[str, int]:
    speed = rng.choice([60, 70, 80, 90])
    hours = rng.randint(2, 5)
    stop = rng.choice([20, 30, 45])
    q = (f"For the summer holiday, {who}'s family drives {speed * hours} km to the seaside at a steady "
         f"{speed} km/h, stopping once for a {stop}-minute picnic lunch. "
         f"How many minutes does the whole trip take?")
    return q, hours * 60 + stop


def bird_seed(rng: random.Random, who: str) -> tuple[str, int]:
    daily = rng.choice([100, 125, 200, 250])
    kg = rng.randint(1, 5)
    bags = rng.randint(2, 4)
    q = (f"To help the garden birds through the winter, {who} buys {bags} bags of seed that weigh {kg} kg each. "
         f"The birds eat {daily} grams of seed a day. For how many days will the seed last?")
    return q, bags * kg * 1000 // daily


def blossom_festival(rng: random.Random, who: str) -> tuple[str, int]:
    sat = 2 * rng.randint(100, 400)
    sun = 3 * sat
    q = (f"{who} counted visitors at the cherry blossom festival: {sat} came on Saturday. On Sunday three times "
         f"as many came, and on Monday, a public holiday, half as many as on Sunday. "
         f"How many visitors came over the three days in total?")
    return q, sat + sun + sun // 2


def track_laps(rng: random.Random, who: str) -> tuple[str, int]:
    lap = rng.choice([250, 400, 500])
    laps = rng.randint(2, 5)
    mornings = rng.choice([5, 10, 12, 15, 20])
    while lap * laps * mornings % 1000:
        laps = rng.randint(2, 5)
        mornings = rng.choice([5, 10, 12, 15, 20])
    q = (f"To get fit for the autumn cross-country season, {who} runs {laps} laps of the school's {lap}-metre "
         f"track every morning for {mornings} mornings. How many kilometres does {who} run altogether?")
    return q, lap * laps * mornings // 1000


def winter_knitting(rng: random.Random, who: str) -> tuple[str, int]:
    hat = rng.randint(2, 5)
    hats = rng.randint(2, 6)
    scarves = rng.randint(1, 4)
    q = (f"{who} is knitting winter gifts. A hat takes {hat} hours to knit, and a scarf takes three times "
         f"as long as a hat. How many hours will {who} need to knit {hats} hats and {scarves} scarves?")
    return q, hat * hats + 3 * hat * scarves


def halloween_bags(rng: random.Random, who: str) -> tuple[str, int]:
    bags = rng.choice([2, 3, 4, 6])
    j = rng.randint(2, 10)
    sweets = 5 * bags * j
    q = (f"On Halloween night {who} collected {sweets} sweets. {who} ate one fifth of them that evening, "
         f"then divided the rest equally into {bags} party bags for the school's autumn fair. "
         f"How many sweets went into each bag?")
    return q, 4 * j


def new_year_savings(rng: random.Random, who: str) -> tuple[str, int]:
    weekly = rng.randint(3, 12)
    weeks = rng.randint(8, 16)
    skates = rng.randint(10, weekly * weeks)
    gift = rng.choice([10, 15, 20, 25])
    q = (f"Starting in the first week of January, {who} saved ${weekly} every week for {weeks} weeks. "
         f"{who} then spent ${skates} on a pair of ice skates, and {who}'s grandmother added ${gift} "
         f"as a late New Year present. How much money does {who} have now, in dollars?")
    return q, weekly * weeks - skates + gift


def strawberry_farm(rng: random.Random, who: str) -> tuple[str, int]:
    entry = rng.choice([2, 3, 4, 5])
    per_kg = rng.randint(3, 6)
    kg = rng.randint(2, 6)
    friends = rng.randint(2, 4)
    q = (f"A strawberry farm charges an entry fee of ${entry} per person, and picked berries cost ${per_kg} "
         f"per kilogram. One June morning {who} goes with {friends} friends, and together they pick {kg} kg "
         f"of strawberries. How much does the group pay altogether, in dollars?")
    return q, entry * (friends + 1) + per_kg * kg


def camp_tshirts(rng: random.Random, who: str) -> tuple[str, int]:
    size = rng.choice([4, 6, 8])
    cabins = rng.randint(5, 12)
    kitchen = rng.randint(1, 3)
    shirts = rng.randint(2, 3)
    q = (f"This summer {size * cabins} campers, {who} among them, are staying at Lakeside Camp. Each cabin "
         f"sleeps exactly {size} campers and every cabin is full. Each cabin has one counsellor, and {kitchen} "
         f"more counsellors work in the kitchen. If every counsellor gets {shirts} camp T-shirts, "
         f"how many T-shirts are given to counsellors?")
    return q, shirts * (cabins + kitchen)


def holiday_weather(rng: random.Random, who: str) -> tuple[str, int]:
    days = 12 * rng.randint(1, 4)
    place = rng.choice(["at the lake", "in the mountains", "on the coast", "in a grandparent's village"])
    (sunny, s_den), (rainy, r_den) = rng.choice([
        (("half", 2), ("a third", 3)),
        (("a third", 3), ("a quarter", 4)),
        (("half", 2), ("a quarter", 4)),
        (("a quarter", 4), ("a sixth", 6)),
    ])
    q = (f"During {who}'s {days}-day summer holiday {place}, it was sunny on {sunny} of the days and "
         f"rainy on {rainy} of them. The rest of the days were cloudy. How many days were cloudy?")
    return q, days - days // s_den - days // r_den


def lantern_wire(rng: random.Random, who: str) -> tuple[str, int]:
    cm = rng.choice([20, 25, 40, 50])
    metres = rng.randint(3, 10)
    while metres * 100 % cm:
        metres = rng.randint(3, 10)
    made = metres * 100 // cm
    given = rng.randint(1, made // 2)
    q = (f"For the lantern festival, {who} makes paper lanterns, and each lantern frame needs {cm} cm of wire. "
         f"{who} has {metres} metres of wire and uses all of it on frames. After giving {given} lanterns to "
         f"friends, how many lanterns does {who} have left?")
    return q, made - given


STORIES = [
    spring_seedlings, camp_change, orchard_pies, ski_hours, snow_depth, holiday_cards, festival_tickets,
    school_term, lemonade_profit, pumpkin_weights, spring_rain, rink_sessions, corn_sharing, coat_sale,
    spring_break, raking_leaves, snowman_buttons, summer_reading, spring_temperature, seaside_drive,
    bird_seed, blossom_festival, track_laps, winter_knitting, halloween_bags, new_year_savings,
    strawberry_farm, camp_tshirts, holiday_weather, lantern_wire,
]  # all 30
FAMILIES = [story_family(
    "word_n", "word problems by a tenth author, a dev family to validate rules before held-out (not held out)",
    STORIES, NAMES, home="dev",
)]
__all__ = ["FAMILIES", "STORIES"]
