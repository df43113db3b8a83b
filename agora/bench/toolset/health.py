"""Health and fitness tools (held-out split)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agora.bench.toolset.base import CITIES, PEOPLE, case, clock, date, done, pick
from agora.tools.core import tool


class Patient(BaseModel):
    name: str
    birth_date: str


DOCTORS = ["Dr. Achebe", "Dr. Lindgren", "Dr. Moreau", "Dr. Sato", "Dr. Okonkwo"]
MEDICINES = ["ibuprofen", "metformin", "amoxicillin", "lisinopril", "cetirizine"]


def _appointment(rng):
    doctor, d, t = pick(rng, DOCTORS), date(rng), clock(rng)
    if rng.random() < 0.5:
        return f"Book an appointment with {doctor} on {d} at {t}.", {"doctor": doctor, "date": d, "time": t}
    reason = pick(rng, ["knee pain", "annual check-up", "a persistent cough"])
    return (f"Book an appointment with {doctor} on {d} at {t} for {reason}.",
            {"doctor": doctor, "date": d, "time": t, "reason": reason})


@case(_appointment)
@tool
def book_appointment(doctor: str, date: str, time: str, reason: str | None = None) -> str:
    """Book a doctor's appointment.

    Args:
        doctor: the doctor's name
        date: YYYY-MM-DD
        time: HH:MM
        reason: why, if given
    """
    return done("appointment booked", doctor=doctor)


def _workout(rng):
    activity, minutes = pick(rng, ["running", "cycling", "swimming", "yoga"]), rng.randint(10, 120)
    if activity == "yoga" or rng.random() < 0.4:
        return f"Log a {activity} workout of {minutes} minutes.", {"activity": activity, "minutes": minutes}
    km = rng.choice([3, 5.5, 10, 12.3, 21.1, 42.2])
    return (f"Log {minutes} minutes of {activity}, {km} km.",
            {"activity": activity, "minutes": minutes, "distance_km": km})


@case(_workout)
@tool
def log_workout(activity: Literal["running", "cycling", "swimming", "yoga"], minutes: int,
                distance_km: float | None = None) -> str:
    """Record a workout.

    Args:
        activity: the kind of exercise
        minutes: duration
        distance_km: distance, if it has one
    """
    return done("workout logged", activity=activity)


def _meal(rng):
    meal = pick(rng, ["breakfast", "lunch", "dinner", "snack"])
    foods = rng.sample(["oatmeal", "banana", "lentil soup", "rice", "grilled fish", "salad", "yogurt"], 2)
    if rng.random() < 0.5:
        return f"Log my {meal}: {foods[0]} and {foods[1]}.", {"meal": meal, "foods": foods}
    kcal = rng.randint(150, 1200)
    return (f"Log {meal} with {foods[0]} and {foods[1]}, {kcal} calories.",
            {"meal": meal, "foods": foods, "calories": kcal})


@case(_meal)
@tool
def log_meal(meal: Literal["breakfast", "lunch", "dinner", "snack"], foods: list[str],
             calories: int | None = None) -> str:
    """Record a meal.

    Args:
        meal: which meal
        foods: what was eaten
        calories: total calories, if known
    """
    return done("meal logged", meal=meal)


def _medication(rng):
    med, dose = pick(rng, MEDICINES), rng.choice([5, 10, 20, 250, 400, 500])
    times = sorted(rng.sample(["08:00", "12:00", "14:00", "20:00", "22:00"], 2))
    return (f"Remind me to take {dose} mg of {med} at {times[0]} and {times[1]}.",
            {"medicine": med, "times": times, "dose_mg": dose})


@case(_medication)
@tool
def set_medication_reminder(medicine: str, times: list[str], dose_mg: int) -> str:
    """Daily reminders to take a medicine.

    Args:
        medicine: the medicine
        times: times of day, HH:MM
        dose_mg: dose in milligrams
    """
    return done("reminders set", medicine=medicine)


def _weight(rng):
    kg, d = rng.choice([58.2, 64, 71.5, 80.3, 92.7]), date(rng)
    return f"Record my weight as {kg} kg on {d}.", {"kg": kg, "date": d}


@case(_weight)
@tool
def record_weight(kg: float, date: str) -> str:
    """Record body weight.

    Args:
        kg: weight in kilograms
        date: YYYY-MM-DD
    """
    return done("weight recorded", kg=kg)


def _pharmacy(rng):
    city = pick(rng, CITIES)
    if rng.random() < 0.5:
        return f"Find a pharmacy in {city}.", {"city": city}
    return f"Find a pharmacy in {city} that is open now.", {"city": city, "open_now": True}


@case(_pharmacy)
@tool
def find_pharmacy(city: str, open_now: bool = False) -> str:
    """Find pharmacies.

    Args:
        city: the city
        open_now: only those open now
    """
    return done("pharmacies", city=city)


def _sleep(rng):
    hours, quality = rng.choice([4.5, 6, 7.5, 8, 9]), pick(rng, ["poor", "fair", "good"])
    return f"Log {hours} hours of sleep, quality {quality}.", {"hours": hours, "quality": quality}


@case(_sleep)
@tool
def log_sleep(hours: float, quality: Literal["poor", "fair", "good"]) -> str:
    """Record a night's sleep.

    Args:
        hours: hours slept
        quality: how well
    """
    return done("sleep logged", hours=hours)


def _refill(rng):
    name, med = pick(rng, PEOPLE), pick(rng, MEDICINES)
    born = f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return (f"Request a refill of {med} for patient {name}, born {born}.",
            {"patient": {"name": name, "birth_date": born}, "medicine": med})


@case(_refill)
@tool
def request_prescription_refill(patient: Patient, medicine: str) -> str:
    """Ask the doctor's office for a prescription refill.

    Args:
        patient: the patient's name and birth date (YYYY-MM-DD)
        medicine: the medicine
    """
    return done("refill requested", medicine=medicine)


def _steps(rng):
    d = date(rng)
    return f"How many steps did I walk on {d}?", {"date": d}


@case(_steps)
@tool
def get_step_count(date: str) -> str:
    """Steps walked on a day.

    Args:
        date: YYYY-MM-DD
    """
    return done("steps", date=date, steps=8421)
