"""Travel tools (dev split): flights, hotels, cars, routes, restaurants."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agora.bench.toolset.base import CITIES, PEOPLE, case, clock, date, done, pick
from agora.tools.core import tool


class Guest(BaseModel):
    name: str
    age: int | None = None


def _weather(rng):
    city = pick(rng, CITIES)
    if rng.random() < 0.5:
        return f"What's the weather like in {city} right now?", {"city": city}
    unit = pick(rng, ["celsius", "fahrenheit"])
    return f"Tell me the current weather in {city}, in {unit}.", {"city": city, "unit": unit}


@case(_weather)
@tool
def get_weather(city: str, unit: Literal["celsius", "fahrenheit"] = "celsius") -> str:
    """Current weather of a city.

    Args:
        city: the city name
        unit: temperature unit
    """
    return done("weather", city=city, unit=unit, temperature=21)


def _flight(rng):
    a, b = rng.sample(CITIES, 2)
    d, n = date(rng), rng.randint(1, 5)
    cabin = pick(rng, ["economy", "premium", "business"])
    return (f"Book a {cabin} flight from {a} to {b} on {d} for {n} passengers.",
            {"origin": a, "destination": b, "date": d, "passengers": n, "cabin": cabin})


@case(_flight)
@tool
def book_flight(origin: str, destination: str, date: str, passengers: int = 1,
                cabin: Literal["economy", "premium", "business"] = "economy") -> str:
    """Book a flight.

    Args:
        origin: departure city
        destination: arrival city
        date: departure date, YYYY-MM-DD
        passengers: number of passengers
        cabin: cabin class
    """
    return done("flight booked", origin=origin, destination=destination, date=date)


def _hotel(rng):
    city, d, nights = pick(rng, CITIES), date(rng), rng.randint(1, 9)
    g1, g2 = rng.sample(PEOPLE, 2)
    a1, a2 = rng.randint(18, 80), rng.randint(18, 80)
    return (f"Book a hotel in {city} checking in on {d} for {nights} nights, for the guests {g1} "
            f"(age {a1}) and {g2} (age {a2}).",
            {"city": city, "check_in": d, "nights": nights,
             "guests": [{"name": g1, "age": a1}, {"name": g2, "age": a2}]})


@case(_hotel)
@tool
def book_hotel(city: str, check_in: str, nights: int, guests: list[Guest]) -> str:
    """Book a hotel room.

    Args:
        city: the city
        check_in: check-in date, YYYY-MM-DD
        nights: number of nights
        guests: the guests, each with a name and optionally an age
    """
    return done("hotel booked", city=city, check_in=check_in, nights=nights)


def _car(rng):
    city, d, days = pick(rng, CITIES), date(rng), rng.randint(1, 14)
    cls = pick(rng, ["compact", "suv", "van"])
    return (f"Rent a {cls} car in {city} from {d} for {days} days.",
            {"city": city, "pickup_date": d, "days": days, "car_class": cls})


@case(_car)
@tool
def rent_car(city: str, pickup_date: str, days: int, car_class: Literal["compact", "suv", "van"]) -> str:
    """Rent a car.

    Args:
        city: pick-up city
        pickup_date: pick-up date, YYYY-MM-DD
        days: rental length in days
        car_class: the kind of car
    """
    return done("car rented", city=city, days=days)


def _currency(rng):
    amount = rng.choice([rng.randint(5, 5000), round(rng.uniform(1, 999), 2)])
    a, b = rng.sample(["EUR", "USD", "JPY", "GBP", "CHF", "KES", "CAD"], 2)
    return f"Convert {amount} {a} to {b}.", {"amount": amount, "from_currency": a, "to_currency": b}


@case(_currency)
@tool
def convert_currency(amount: float, from_currency: str, to_currency: str) -> str:
    """Convert an amount of money between currencies.

    Args:
        amount: the amount
        from_currency: ISO code of the currency to convert from, e.g. EUR
        to_currency: ISO code of the currency to convert to
    """
    return done("converted", amount=amount, rate=1.1)


def _route(rng):
    start, s1, s2 = rng.sample(CITIES, 3)
    mode = pick(rng, ["driving", "walking", "cycling"])
    return (f"Plan a {mode} route starting in {start} with stops at {s1} and then {s2}.",
            {"start": start, "stops": [s1, s2], "mode": mode})


@case(_route)
@tool
def plan_route(start: str, stops: list[str], mode: Literal["driving", "walking", "cycling"]) -> str:
    """Plan a route through a list of stops.

    Args:
        start: where the route starts
        stops: the places to visit, in order
        mode: how to travel
    """
    return done("route planned", start=start, stops=stops, km=120)


def _restaurants(rng):
    city = pick(rng, CITIES)
    cuisine = pick(rng, ["Thai", "Italian", "Ethiopian", "Peruvian", "Georgian", "Korean"])
    if rng.random() < 0.5:
        return f"Find {cuisine} restaurants in {city}.", {"city": city, "cuisine": cuisine}
    price = rng.randint(15, 90)
    return (f"Find {cuisine} restaurants in {city} costing at most {price} per person.",
            {"city": city, "cuisine": cuisine, "max_price": price})


@case(_restaurants)
@tool
def find_restaurants(city: str, cuisine: str, max_price: int | None = None) -> str:
    """Search restaurants.

    Args:
        city: the city
        cuisine: the kind of food
        max_price: highest price per person, if any
    """
    return done("restaurants found", city=city, results=["Casa Azul", "Blue Door"])


def _timezone(rng):
    city = pick(rng, CITIES)
    return f"Which time zone is {city} in?", {"city": city}


@case(_timezone)
@tool
def get_timezone(city: str) -> str:
    """The time zone of a city.

    Args:
        city: the city
    """
    return done("timezone", city=city, tz="UTC+1")


def _table(rng):
    place = pick(rng, ["Casa Azul", "The Blue Door", "Sakura House", "Le Petit Four", "Nyama Grill"])
    n, d, t = rng.randint(2, 12), date(rng), clock(rng)
    return (f"Reserve a table at {place} for {n} people on {d} at {t}.",
            {"restaurant": place, "party_size": n, "date": d, "time": t})


@case(_table)
@tool
def reserve_table(restaurant: str, party_size: int, date: str, time: str) -> str:
    """Reserve a restaurant table.

    Args:
        restaurant: restaurant name
        party_size: number of people
        date: YYYY-MM-DD
        time: HH:MM, 24-hour clock
    """
    return done("table reserved", restaurant=restaurant, party_size=party_size)
