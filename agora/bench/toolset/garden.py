"""Garden, farm, pet and weather-station tools (second dev split)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agora.bench.toolset.base import case, clock, date, done, pick
from agora.tools.core import tool

BEDS = ["Bed 4", "Herb Spiral", "North Orchard", "Greenhouse A2", "Raised Bed 11", "Potager"]
CROPS = ["runner beans", "Charlotte potatoes", "pak choi", "Kabocha squash", "garlic", "Cavolo nero",
         "sweetcorn", "Hokkaido pumpkins"]
FIELDS = ["Long Meadow", "Field 3", "Top Paddock", "Mill Acre", "Kleiner Acker"]
PETS = [("Biscuit", "dog"), ("Mr. Whiskers", "cat"), ("Lady Marmalade", "cat"), ("Kuro", "dog"),
        ("Thumper", "rabbit"), ("Old Tom", "horse"), ("Pistache", "goat"), ("Fenrir", "dog")]
OWNERS = ["Gwen Pryce", "Matteo Bianchi", "Oksana Hryn", "Jun Park", "Beatriz Costa Lima", "Idris"]
PHONES = ["+33 6 12 34 56 78", "555-0199", "+39 347 123 4567", "0161 496 0732", "+61 412 345 678"]
STATIONS = ["WS-07", "Ridge Top", "Pond Station 2", "Orchard Mast", "Hilltop East"]


class Owner(BaseModel):
    name: str
    phone: str


class Pet(BaseModel):
    name: str
    species: Literal["dog", "cat", "rabbit", "horse", "goat"]
    owner: Owner


def _irrigation(rng):
    bed, t, m = pick(rng, BEDS), clock(rng), rng.randint(5, 40)
    gold = {"bed": bed, "start": t, "minutes": m}
    if rng.random() < 0.5:
        return pick(rng, [
            f"Schedule irrigation for {bed} at {t} for {m} minutes.",
            f"Could you water {bed} starting {t}? {m} minutes should do.",
        ]), gold
    return pick(rng, [
        f"Schedule irrigation for {bed} at {t} for {m} minutes, and run it even if it rains.",
        f"I want {bed} watered for {m} minutes from {t}, no skipping for rain.",
    ]), {**gold, "skip_if_rain": False}


@case(_irrigation)
@tool
def schedule_irrigation(bed: str, start: str, minutes: int, skip_if_rain: bool = True) -> str:
    """Schedule the drip irrigation of a garden bed.

    Args:
        bed: the bed's name
        start: start time, HH:MM
        minutes: how long to water
        skip_if_rain: skip the run when rain is detected
    """
    return done("irrigation scheduled", bed=bed, start=start, minutes=minutes)


def _harvest(rng):
    crop, field, d = pick(rng, CROPS), pick(rng, FIELDS), date(rng)
    kg = rng.choice([2.5, 12, 0.75, 31.4, 8, 140, 6.2])
    gold = {"crop": crop, "kilograms": kg, "field": field, "date": d}
    return pick(rng, [
        f"Log a harvest of {kg} kg of {crop} from {field} on {d}.",
        f"Could you record that we picked {kg} kilograms of {crop} in {field} on {d}?",
        f"On {d} we harvested {crop} from {field}: {kg} kg. Please log it.",
    ]), gold


@case(_harvest)
@tool
def log_harvest(crop: str, kilograms: float, field: str, date: str) -> str:
    """Record a harvest.

    Args:
        crop: what was harvested
        kilograms: weight in kilograms
        field: the field or bed it came from
        date: YYYY-MM-DD
    """
    return done("harvest logged", crop=crop, kilograms=kilograms)


def _rotation(rng):
    field, crops = pick(rng, FIELDS), rng.sample(CROPS, 3)
    gold = {"field": field, "crops": crops}
    return pick(rng, [
        f"Plan a crop rotation for {field}: {crops[0]}, then {crops[1]}, then {crops[2]}.",
        f"Could you set the rotation of {field} to {crops[0]} first, {crops[1]} second and {crops[2]} last?",
        f"I'd like {field} to grow {crops[0]}, {crops[1]} and {crops[2]}, in that order.",
    ]), gold


@case(_rotation)
@tool
def plan_rotation(field: str, crops: list[str]) -> str:
    """Plan the crop rotation of a field, one crop per season.

    Args:
        field: the field's name
        crops: the crops in the order they are grown
    """
    return done("rotation planned", field=field, crops=crops)


def _vet(rng):
    (pet, species), owner, phone = pick(rng, PETS), pick(rng, OWNERS), pick(rng, PHONES)
    d, t = date(rng), clock(rng)
    reason = pick(rng, ["checkup", "vaccination", "dental", "injury"])
    gold = {"pet": {"name": pet, "species": species, "owner": {"name": owner, "phone": phone}},
            "date": d, "time": t, "reason": reason}
    return pick(rng, [
        f"Book a vet visit for {pet}, my {species}, on {d} at {t} for a {reason}. "
        f"Owner: {owner}, phone {phone}.",
        f"Could you get {owner}'s {species} {pet} in to see the vet on {d} at {t}? Reason: {reason}. "
        f"Call {phone} to confirm.",
        f"I need a vet appointment for {pet} (a {species}) on {d}, {t}, reason: {reason}. "
        f"I'm {owner}, my number is {phone}.",
    ]), gold


@case(_vet)
@tool
def book_vet_visit(pet: Pet, date: str, time: str,
                   reason: Literal["checkup", "vaccination", "dental", "injury"]) -> str:
    """Book an appointment at the vet.

    Args:
        pet: the animal's name, species and owner (name and phone)
        date: YYYY-MM-DD
        time: HH:MM, 24-hour clock
        reason: why the animal is seen
    """
    return done("vet booked", pet=pet.name, date=date, time=time)


def _sensor(rng):
    station = pick(rng, STATIONS)
    metric = pick(rng, ["temperature", "humidity", "wind", "rainfall", "soil moisture", "uv"])
    threshold, direction = rng.choice([4.5, 30, 12.5, 85, 0.8, 60]), pick(rng, ["above", "below"])
    gold = {"station": station, "metric": metric, "threshold": threshold, "direction": direction}
    return pick(rng, [
        f"Alert me when {metric} at station {station} goes {direction} {threshold}.",
        f"Could you set an alert on {station}: {metric} {direction} {threshold}?",
        f"I want a warning if the {station} station reads {metric} {direction} {threshold}.",
    ]), gold


@case(_sensor)
@tool
def set_sensor_alert(station: str,
                     metric: Literal["temperature", "humidity", "wind", "rainfall", "soil moisture", "uv"],
                     threshold: float, direction: Literal["above", "below"]) -> str:
    """Alert when a weather-station reading crosses a threshold.

    Args:
        station: the weather station's name
        metric: the reading to watch
        threshold: the value that triggers the alert
        direction: alert when the reading goes above or below the threshold
    """
    return done("alert set", station=station, metric=metric)


def _feed(rng):
    animal, bags = pick(rng, ["chickens", "goats", "sheep", "pigs"]), rng.randint(2, 20)
    gold: dict = {"animal": animal, "bags": bags}
    if rng.random() < 0.5:
        gold["organic"] = True
    if rng.random() < 0.5:
        gold["delivery_date"] = date(rng)
    kind = "organic " if gold.get("organic") else ""
    when = f" delivered on {gold['delivery_date']}" if "delivery_date" in gold else ""
    return pick(rng, [
        f"Order {bags} bags of {kind}feed for the {animal}{when}.",
        f"Could you get us {bags} bags of {kind}feed for our {animal}{when}, please?",
        f"I need {kind}feed for my {animal}: {bags} bags{when}.",
    ]), gold


@case(_feed)
@tool
def order_feed(animal: Literal["chickens", "goats", "sheep", "pigs"], bags: int, organic: bool = False,
               delivery_date: str | None = None) -> str:
    """Order animal feed for the farm.

    Args:
        animal: which animals the feed is for
        bags: number of 25 kg bags
        organic: true for certified organic feed
        delivery_date: YYYY-MM-DD, if a delivery day is wanted
    """
    return done("feed ordered", animal=animal, bags=bags)
