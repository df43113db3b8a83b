"""Office tools (dev split): mail, meetings, tasks, documents, invoices."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agora.bench.toolset.base import CITIES, PEOPLE, STREETS, WORDS, case, clock, date, done, email, pick
from agora.tools.core import tool


class Recipient(BaseModel):
    email: str
    permission: Literal["view", "edit"]


class Address(BaseModel):
    street: str
    city: str


class Customer(BaseModel):
    name: str
    address: Address


def _email(rng):
    to = email(pick(rng, PEOPLE))
    subject = pick(rng, WORDS)
    if rng.random() < 0.5:
        return f"Send an email to {to} with the subject \"{subject}\".", {"to": to, "subject": subject}
    cc = email(pick(rng, PEOPLE))
    return (f"Email {to} about \"{subject}\" (that is the subject) and cc {cc}.",
            {"to": to, "subject": subject, "cc": [cc]})


@case(_email)
@tool
def send_email(to: str, subject: str, cc: list[str] = []) -> str:
    """Send an email.

    Args:
        to: the recipient's address
        subject: the subject line
        cc: addresses to copy
    """
    return done("sent", to=to)


def _meeting(rng):
    title, d, t = pick(rng, WORDS), date(rng), clock(rng)
    minutes = rng.choice([15, 30, 45, 60, 90])
    people = rng.sample(PEOPLE, 2)
    return (f"Schedule a meeting called \"{title}\" on {d} at {t} for {minutes} minutes with "
            f"{people[0]} and {people[1]}.",
            {"title": title, "date": d, "start_time": t, "duration_minutes": minutes, "attendees": people})


@case(_meeting)
@tool
def schedule_meeting(title: str, date: str, start_time: str, duration_minutes: int, attendees: list[str]) -> str:
    """Put a meeting in the calendar.

    Args:
        title: meeting title
        date: YYYY-MM-DD
        start_time: HH:MM
        duration_minutes: length in minutes
        attendees: names of the people invited
    """
    return done("scheduled", title=title)


def _task(rng):
    title, priority = f"prepare the {pick(rng, WORDS)}", pick(rng, ["low", "medium", "high"])
    if rng.random() < 0.5:
        return f"Create a {priority} priority task: {title}.", {"title": title, "priority": priority}
    due = date(rng)
    return (f"Create a task \"{title}\" with {priority} priority, due {due}.",
            {"title": title, "priority": priority, "due_date": due})


@case(_task)
@tool
def create_task(title: str, priority: Literal["low", "medium", "high"], due_date: str | None = None) -> str:
    """Create a to-do task.

    Args:
        title: what to do
        priority: how urgent
        due_date: YYYY-MM-DD, if it has a deadline
    """
    return done("task created", title=title)


def _share(rng):
    doc = f"{pick(rng, WORDS)}.docx"
    a, b = rng.sample(PEOPLE, 2)
    pa, pb = pick(rng, ["view", "edit"]), pick(rng, ["view", "edit"])
    return (f"Share {doc} with {email(a)} ({pa} access) and {email(b)} ({pb} access).",
            {"document": doc, "recipients": [{"email": email(a), "permission": pa},
                                             {"email": email(b), "permission": pb}]})


@case(_share)
@tool
def share_document(document: str, recipients: list[Recipient]) -> str:
    """Share a document.

    Args:
        document: file name
        recipients: who gets access, each with an email and a permission
    """
    return done("shared", document=document)


def _translate(rng):
    text = pick(rng, ["Where is the train station?", "The meeting is moved to Friday.", "Thank you for the gift."])
    lang = pick(rng, ["French", "Swahili", "Japanese", "Portuguese", "Polish"])
    return f"Translate \"{text}\" into {lang}.", {"text": text, "target_language": lang}


@case(_translate)
@tool
def translate_text(text: str, target_language: str) -> str:
    """Translate text.

    Args:
        text: the text to translate
        target_language: the language to translate into
    """
    return done("translated", target_language=target_language)


def _invoice(rng):
    name, street, city = pick(rng, PEOPLE), pick(rng, STREETS), pick(rng, CITIES)
    amount, cur = rng.randint(50, 9000), pick(rng, ["EUR", "USD", "GBP"])
    return (f"Create an invoice of {amount} {cur} for {name}, {street}, {city}.",
            {"customer": {"name": name, "address": {"street": street, "city": city}},
             "amount": amount, "currency": cur})


@case(_invoice)
@tool
def create_invoice(customer: Customer, amount: float, currency: Literal["EUR", "USD", "GBP"]) -> str:
    """Create an invoice.

    Args:
        customer: the customer's name and address (street and city)
        amount: the amount due
        currency: the currency
    """
    return done("invoice created", amount=amount)


def _files(rng):
    query = pick(rng, WORDS)
    if rng.random() < 0.5:
        return f"Search my files for \"{query}\".", {"query": query}
    kind = pick(rng, ["pdf", "doc", "sheet"])
    return f"Search my {kind} files for \"{query}\".", {"query": query, "file_type": kind}


@case(_files)
@tool
def search_files(query: str, file_type: Literal["pdf", "doc", "sheet"] | None = None) -> str:
    """Search the user's files.

    Args:
        query: words to look for
        file_type: only files of this type
    """
    return done("found", files=["a.pdf"])


def _status(rng):
    user, status = pick(rng, PEOPLE), pick(rng, ["available", "busy", "away"])
    return f"Set {user}'s status to {status}.", {"user": user, "status": status}


@case(_status)
@tool
def update_status(user: str, status: Literal["available", "busy", "away"]) -> str:
    """Change a user's chat status.

    Args:
        user: the user's name
        status: the new status
    """
    return done("status", user=user, status=status)


def _hours(rng):
    project, hours, d = pick(rng, ["Atlas", "Borealis", "Cinder", "Dune", "Echo"]), rng.choice([1, 2.5, 4, 6.5, 8]), date(rng)
    return f"Log {hours} hours on project {project} for {d}.", {"project": project, "hours": hours, "date": d}


@case(_hours)
@tool
def log_hours(project: str, hours: float, date: str) -> str:
    """Record hours worked.

    Args:
        project: project name
        hours: hours worked
        date: YYYY-MM-DD
    """
    return done("logged", project=project, hours=hours)
