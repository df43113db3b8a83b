"""Smart-home and personal tools (dev split)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agora.bench.toolset.base import case, clock, date, done, pick
from agora.tools.core import tool

ROOMS = ["kitchen", "bedroom", "living room", "office", "bathroom", "hallway"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ShoppingItem(BaseModel):
    name: str
    quantity: int = Field(ge=1)


def _thermostat(rng):
    room, temp = pick(rng, ROOMS), rng.choice([18, 19.5, 20, 21, 22.5, 23])
    if rng.random() < 0.5:
        return f"Set the {room} thermostat to {temp} degrees.", {"room": room, "temperature": temp}
    mode = pick(rng, ["heat", "cool", "auto"])
    return (f"Set the {room} thermostat to {temp} degrees in {mode} mode.",
            {"room": room, "temperature": temp, "mode": mode})


@case(_thermostat)
@tool
def set_thermostat(room: str, temperature: float, mode: Literal["heat", "cool", "auto"] = "auto") -> str:
    """Set a room's thermostat.

    Args:
        room: the room
        temperature: target temperature in degrees Celsius
        mode: heating mode
    """
    return done("thermostat set", room=room, temperature=temperature)


def _light(rng):
    room, on = pick(rng, ROOMS), rng.random() < 0.5
    return f"Turn {'on' if on else 'off'} the {room} light.", {"room": room, "on": on}


@case(_light)
@tool
def toggle_light(room: str, on: bool) -> str:
    """Switch a room's light on or off.

    Args:
        room: the room
        on: true to switch on, false to switch off
    """
    return done("light", room=room, on=on)


def _alarm(rng):
    t = clock(rng)
    if rng.random() < 0.4:
        return f"Set an alarm for {t}.", {"time": t}
    label = pick(rng, ["gym", "school run", "medicine", "standup"])
    days = sorted(rng.sample(["mon", "tue", "wed", "thu", "fri"], 2),
                  key=["mon", "tue", "wed", "thu", "fri"].index)
    return (f"Set an alarm for {t} labelled {label}, repeating on {days[0]} and {days[1]}.",
            {"time": t, "label": label, "repeat_days": days})


@case(_alarm)
@tool
def set_alarm(time: str, label: str | None = None, repeat_days: list[Day] = []) -> str:
    """Set an alarm.

    Args:
        time: HH:MM, 24-hour clock
        label: a name for the alarm
        repeat_days: days it repeats on (mon, tue, ...)
    """
    return done("alarm set", time=time)


def _shopping(rng):
    a, b = rng.sample(["eggs", "oat milk", "apples", "rice", "coffee", "lemons", "bread", "tofu"], 2)
    qa, qb = rng.randint(1, 12), rng.randint(1, 12)
    return (f"Add {qa} {a} and {qb} {b} to my shopping list.",
            {"items": [{"name": a, "quantity": qa}, {"name": b, "quantity": qb}]})


@case(_shopping)
@tool
def add_shopping_items(items: list[ShoppingItem]) -> str:
    """Add items to the shopping list.

    Args:
        items: each item with its name and quantity
    """
    return done("added", count=len(items))


def _music(rng):
    artist = pick(rng, ["Nina Simone", "Fela Kuti", "Björk", "Miles Davis", "Ali Farka Touré", "Clara Schumann"])
    if rng.random() < 0.5:
        return f"Play some music by {artist}.", {"artist": artist}
    vol = rng.randint(10, 90)
    return (f"Play {artist} on shuffle at volume {vol}.", {"artist": artist, "shuffle": True, "volume": vol})


@case(_music)
@tool
def play_music(artist: str, shuffle: bool = False, volume: int | None = None) -> str:
    """Play music by an artist.

    Args:
        artist: the artist
        shuffle: shuffle the tracks
        volume: volume from 0 to 100
    """
    return done("playing", artist=artist)


def _lock(rng):
    door = pick(rng, ["front", "back", "garage"])
    return f"Lock the {door} door.", {"door": door}


@case(_lock)
@tool
def lock_door(door: Literal["front", "back", "garage"]) -> str:
    """Lock a door of the house.

    Args:
        door: which door
    """
    return done("locked", door=door)


def _vacuum(rng):
    rooms = rng.sample(ROOMS, 2)
    power = pick(rng, ["quiet", "normal", "max"])
    return (f"Vacuum the {rooms[0]} and the {rooms[1]} on {power} power.", {"rooms": rooms, "power": power})


@case(_vacuum)
@tool
def start_vacuum(rooms: list[str], power: Literal["quiet", "normal", "max"] = "normal") -> str:
    """Start the robot vacuum.

    Args:
        rooms: rooms to clean, in order
        power: suction power
    """
    return done("vacuuming", rooms=rooms)


def _water(rng):
    zone, minutes = rng.randint(1, 8), rng.randint(5, 45)
    return f"Water garden zone {zone} for {minutes} minutes.", {"zone": zone, "minutes": minutes}


@case(_water)
@tool
def water_plants(zone: int, minutes: int) -> str:
    """Run the garden sprinklers.

    Args:
        zone: sprinkler zone number
        minutes: how long to water
    """
    return done("watering", zone=zone)


def _reminder(rng):
    text = pick(rng, ["call the dentist", "renew the passport", "pay the rent", "send the birthday card"])
    d, t = date(rng), clock(rng)
    return f"Remind me to {text} on {d} at {t}.", {"text": text, "date": d, "time": t}


@case(_reminder)
@tool
def set_reminder(text: str, date: str, time: str) -> str:
    """Create a reminder.

    Args:
        text: what to be reminded of
        date: YYYY-MM-DD
        time: HH:MM
    """
    return done("reminder set", text=text)
