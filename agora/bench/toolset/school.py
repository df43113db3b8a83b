"""School, university and library tools (second dev split): rooms, loans, courses, grades, trips."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agora.bench.toolset.base import case, clock, date, done, pick
from agora.tools.core import tool

STUDENTS = ["Kwame Asante", "Léa Fontaine", "Yuki", "Diego Alvarado Ruiz", "Priya Natarajan", "Finn",
            "Zofia Nowak", "Amara Obi", "Henrik Lund", "Mei-Ling Chou"]
TEACHERS = ["Ingrid Solberg", "Rafael Moreno", "Dr. Ayesha Karim", "Mr. Tobias Weil", "Hana Sato",
            "Ms. Claire Dubois"]
STUDY_ROOMS = ["Room B12", "Seminar 3", "Atrium Pod 7", "Nordlys", "The Reading Loft", "Room 4C"]
BOOKS = ["The Quiet Hours", "Cien años de soledad", "Gödel, Escher, Bach", "Linear Algebra Done Right",
         "Middlemarch", "Der Zauberberg", "A Brief Tour of Rivers", "Dune"]
COURSES = ["CS-101", "MATH 240", "Organic Chemistry II", "Intro to Linguistics", "Histoire de l'art",
           "BIO-212", "Moral Philosophy"]
TOPICS = ["coral reefs", "Roman aqueducts", "machine learning", "Japanese woodblock prints", "volcanoes",
          "jazz history", "climate policy"]
PLACES = ["the Natural History Museum", "Kew Gardens", "the Science Centre", "Castle Howard",
          "the Planetarium", "Eden Project"]
CLASSES = ["Year 5B", "Class 3A", "Grade 7 Blue", "Form 2C", "Year 9 Robins"]
PHONES = ["+44 7700 900123", "555-0142", "+49 151 2345 6789", "07911 123456", "+1 212 555 0187"]


class Grade(BaseModel):
    student: str
    score: int = Field(ge=0, le=100)


class Teacher(BaseModel):
    name: str
    phone: str


class Group(BaseModel):
    class_name: str
    size: int
    teacher: Teacher


def _study_room(rng):
    room, d, t, h = pick(rng, STUDY_ROOMS), date(rng), clock(rng), rng.randint(1, 4)
    gold = {"room": room, "date": d, "start": t, "hours": h}
    return pick(rng, [
        f"Reserve {room} on {d} from {t} for {h} hours.",
        f"Could you book the study room {room} for me? {d}, starting at {t}, {h} hours.",
        f"I need {room} for {h} hours on {d}, beginning at {t}.",
    ]), gold


@case(_study_room)
@tool
def reserve_study_room(room: str, date: str, start: str, hours: int) -> str:
    """Reserve a library study room.

    Args:
        room: the room's name
        date: YYYY-MM-DD
        start: start time, HH:MM
        hours: how many hours
    """
    return done("room reserved", room=room, date=date, start=start)


def _renew(rng):
    title = pick(rng, BOOKS)
    if rng.random() < 0.5:
        return pick(rng, [f"Renew my loan of \"{title}\".",
                          f"Could you renew the library book \"{title}\" for me?"]), {"title": title}
    weeks = rng.choice([3, 4, 6])
    return pick(rng, [
        f"Please renew \"{title}\" for {weeks} more weeks.",
        f"I'd like to keep \"{title}\" longer: renew it for {weeks} weeks.",
    ]), {"title": title, "weeks": weeks}


@case(_renew)
@tool
def renew_book(title: str, weeks: int = 2) -> str:
    """Renew a borrowed library book.

    Args:
        title: the book's title
        weeks: how many weeks to extend the loan
    """
    return done("loan renewed", title=title, weeks=weeks)


def _enroll(rng):
    sid, course = f"S-{rng.randint(10000, 99999)}", pick(rng, COURSES)
    term = pick(rng, ["autumn", "spring"])
    gold = {"student_id": sid, "course": course, "term": term}
    if rng.random() < 0.5:
        return pick(rng, [
            f"Enroll student {sid} in {course} for the {term} term.",
            f"I want to sign up for {course} in {term}; my student ID is {sid}.",
        ]), gold
    return pick(rng, [
        f"Enroll student {sid} in {course} for the {term} term, as an audit only (no credit).",
        f"Could you put {sid} on {course} in {term}? Just auditing, no credit.",
    ]), {**gold, "audit": True}


@case(_enroll)
@tool
def enroll_in_course(student_id: str, course: str, term: Literal["autumn", "spring"], audit: bool = False) -> str:
    """Enroll a student in a course.

    Args:
        student_id: the student's ID
        course: course code or title
        term: the term
        audit: true to audit the course without credit
    """
    return done("enrolled", student_id=student_id, course=course, term=term)


def _grades(rng):
    course = pick(rng, COURSES)
    (a, b), (sa, sb) = rng.sample(STUDENTS, 2), (rng.randint(40, 100), rng.randint(40, 100))
    gold = {"course": course, "grades": [{"student": a, "score": sa}, {"student": b, "score": sb}]}
    return pick(rng, [
        f"Submit grades for {course}: {a} got {sa} and {b} got {sb}.",
        f"Could you enter the {course} marks? {sa} for {a}, then {sb} for {b}.",
        f"I need to record scores in {course} - {a}: {sa}, {b}: {sb}.",
    ]), gold


@case(_grades)
@tool
def submit_grades(course: str, grades: list[Grade]) -> str:
    """Submit students' grades for a course.

    Args:
        course: course code or title
        grades: each student's name and score out of 100
    """
    return done("grades submitted", course=course, count=len(grades))


def _catalog(rng):
    topic = pick(rng, TOPICS)
    if rng.random() < 0.5:
        return pick(rng, [f"Search the library catalog for \"{topic}\".",
                          f"What does the library have on {topic}?"]), {"query": topic}
    fmt = pick(rng, ["book", "ebook", "journal", "dvd", "audiobook"])
    return pick(rng, [
        f"Search the catalog for \"{topic}\", {fmt} format only.",
        f"Could you look for {topic} in the library catalog? I only want {fmt} results.",
        f"I'm after a {fmt} about {topic} - please search the catalog.",
    ]), {"query": topic, "format": fmt}


@case(_catalog)
@tool
def search_catalog(query: str,
                   format: Literal["book", "ebook", "journal", "dvd", "audiobook"] | None = None) -> str:
    """Search the library catalog.

    Args:
        query: words to search for
        format: only items of this format
    """
    return done("catalog searched", query=query, results=3)


def _trip(rng):
    place, d, cls, n = pick(rng, PLACES), date(rng), pick(rng, CLASSES), rng.randint(12, 32)
    teacher, phone = pick(rng, TEACHERS), pick(rng, PHONES)
    gold = {"destination": place, "date": d,
            "group": {"class_name": cls, "size": n, "teacher": {"name": teacher, "phone": phone}}}
    return pick(rng, [
        f"Plan a field trip to {place} on {d} for {cls}, {n} pupils, led by {teacher} (phone {phone}).",
        f"Could you set up a school trip? {cls} ({n} students) goes to {place} on {d}; the teacher in "
        f"charge is {teacher}, reachable at {phone}.",
        f"I'd like to organise a visit to {place} on {d}. The group is {cls} with {n} children, and "
        f"{teacher} is the teacher, phone {phone}.",
    ]), gold


@case(_trip)
@tool
def plan_field_trip(destination: str, date: str, group: Group) -> str:
    """Plan a school field trip.

    Args:
        destination: where the class goes
        date: YYYY-MM-DD
        group: the class name, its number of pupils and the teacher in charge (name and phone)
    """
    return done("trip planned", destination=destination, date=date)
