"""Events tools (second dev split): concerts, cinema, meetups, sports, playlists."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agora.bench.toolset.base import case, clock, date, done, pick
from agora.tools.core import tool

BANDS = ["Los Tigres del Sol", "The Velvet Owls", "Kraftfeld", "Mondo Blu", "Nine Lanterns", "Yoru no Kaze",
         "Saint Agnes Choir", "DJ Okapi"]
FILMS = ["The Long Winter of Ilse", "Orbit 9", "La Casa Verde", "Paper Tigers", "Le Dernier Métro", "Salt Road"]
CINEMAS = ["Roxy", "Odeon Hall 2", "Kino Babylon", "The Electric Palace", "Cinema Paradiso Nord"]
MEETUPS = ["Rust Lisboa Night", "Sunday Sketch Club", "Board Games & Brews", "PyData 14",
           "Urban Beekeepers", "Café Polyglotte"]
SONGS = [("Paper Moons", "Nine Lanterns"), ("Sous le ciel", "Mondo Blu"), ("Midnight Tram", "The Velvet Owls"),
         ("Neon 4AM", "DJ Okapi"), ("Hiraeth", "Saint Agnes Choir"), ("Kaze no Uta", "Yoru no Kaze"),
         ("Sol de Agosto", "Los Tigres del Sol")]
TEAMS = ["Riverside Rovers", "FC Kestrel", "Los Halcones", "Team 42", "Northside Comets", "Eintracht Mühlbach"]
TOURNAMENTS = ["Summer Five-a-Side Cup", "City League 2026", "Harbour Shield", "Copa Barrio"]
PLAYERS = ["Jonah Reyes", "Siosaia Taufa", "Emre Kaya", "Lina", "Bruno Salgado Pires", "Kofi Boateng",
           "Ida Holm", "Maya Levi"]
ALERTS = ["kickoff", "goal", "halftime", "fulltime", "red card"]


class Song(BaseModel):
    title: str
    artist: str


class Captain(BaseModel):
    name: str
    shirt_number: int = Field(ge=1, le=99)


class Team(BaseModel):
    name: str
    captain: Captain
    players: list[str]


def _tickets(rng):
    band, d, n = pick(rng, BANDS), date(rng), rng.randint(2, 6)
    gold = {"event": band, "date": d, "quantity": n}
    if rng.random() < 0.5:
        return pick(rng, [f"Buy {n} tickets for {band} on {d}.",
                          f"Could you get me {n} tickets to see {band} on {d}?"]), gold
    section = pick(rng, ["floor", "balcony", "vip"])
    return pick(rng, [
        f"Buy {n} {section} tickets for {band} on {d}.",
        f"I'd like {n} tickets for the {band} concert on {d}, in the {section} section.",
    ]), {**gold, "section": section}


@case(_tickets)
@tool
def buy_tickets(event: str, date: str, quantity: int,
                section: Literal["floor", "balcony", "standing", "vip"] = "standing") -> str:
    """Buy concert tickets.

    Args:
        event: the artist or show
        date: YYYY-MM-DD
        quantity: number of tickets
        section: where in the venue
    """
    return done("tickets bought", event=event, quantity=quantity)


def _playlist(rng):
    name = pick(rng, ["Road Trip 3", "Late Night Jazz", "Lluvia", "Gym Mix", "Sunday Morning Slow"])
    (t1, a1), (t2, a2) = rng.sample(SONGS, 2)
    gold = {"name": name, "songs": [{"title": t1, "artist": a1}, {"title": t2, "artist": a2}]}
    public = rng.random() < 0.5
    if public:
        gold["public"] = True
    tail = " Make it public." if public else ""
    return pick(rng, [
        f"Create a playlist called \"{name}\" with \"{t1}\" by {a1} and \"{t2}\" by {a2}.{tail}",
        f"Could you make a playlist named \"{name}\"? Add \"{t1}\" from {a1}, then \"{t2}\" from {a2}.{tail}",
        f"I'd like a new playlist, \"{name}\": first \"{t1}\" ({a1}), then \"{t2}\" ({a2}).{tail}",
    ]), gold


@case(_playlist)
@tool
def create_playlist(name: str, songs: list[Song], public: bool = False) -> str:
    """Create a music playlist.

    Args:
        name: the playlist's name
        songs: the songs in order, each with its title and artist
        public: true to let anyone see it
    """
    return done("playlist created", name=name, count=len(songs))


def _seats(rng):
    film, cinema, d, t = pick(rng, FILMS), pick(rng, CINEMAS), date(rng), clock(rng)
    row, first = pick(rng, "CDEFGHJK"), rng.randint(1, 14)
    seats = [f"{row}{first}", f"{row}{first + 1}"]
    gold = {"film": film, "cinema": cinema, "date": d, "time": t, "seats": seats}
    return pick(rng, [
        f"Book seats {seats[0]} and {seats[1]} for \"{film}\" at {cinema} on {d} at {t}.",
        f"Could you reserve {seats[0]} and {seats[1]} at {cinema} for the {t} showing of \"{film}\" on {d}?",
        f"I want to see \"{film}\" at {cinema} on {d}, {t} screening, seats {seats[0]} and {seats[1]}.",
    ]), gold


@case(_seats)
@tool
def book_cinema_seats(film: str, cinema: str, date: str, time: str, seats: list[str]) -> str:
    """Book seats for a film screening.

    Args:
        film: the film's title
        cinema: the cinema
        date: YYYY-MM-DD
        time: screening time, HH:MM
        seats: seat codes such as F7
    """
    return done("seats booked", film=film, seats=seats)


def _rsvp(rng):
    meetup = pick(rng, MEETUPS)
    if rng.random() < 0.5:
        response, guests = pick(rng, ["yes", "maybe"]), rng.randint(2, 4)
        return pick(rng, [
            f"RSVP {response} to {meetup}, and I'd bring {guests} guests.",
            f"Could you answer {response} for me to the {meetup} meetup? Plus {guests} guests.",
        ]), {"meetup": meetup, "response": response, "guests": guests}
    response = pick(rng, ["yes", "no", "maybe"])
    return pick(rng, [
        f"RSVP {response} to {meetup}.",
        f"Please reply {response} to the invitation for {meetup}.",
        f"My answer for {meetup} is {response} - send the RSVP.",
    ]), {"meetup": meetup, "response": response}


@case(_rsvp)
@tool
def rsvp_meetup(meetup: str, response: Literal["yes", "no", "maybe"], guests: int = 0) -> str:
    """Answer a meetup invitation.

    Args:
        meetup: the meetup's name
        response: the answer
        guests: how many extra people you bring
    """
    return done("rsvp sent", meetup=meetup, response=response)


def _team(rng):
    tournament, team = pick(rng, TOURNAMENTS), pick(rng, TEAMS)
    captain, *others = rng.sample(PLAYERS, 3)
    number = rng.randint(1, 99)
    gold = {"tournament": tournament, "team": {"name": team, "captain": {"name": captain, "shirt_number": number},
                                               "players": others}}
    return pick(rng, [
        f"Register {team} for the {tournament}: captain {captain} (shirt {number}), players {others[0]} "
        f"and {others[1]}.",
        f"Could you sign {team} up for {tournament}? {captain} captains, wearing number {number}; the other "
        f"players are {others[0]} and {others[1]}.",
        f"I'd like to enter {team} in {tournament}. Players: {others[0]}, {others[1]}. Captain is {captain}, "
        f"shirt number {number}.",
    ]), gold


@case(_team)
@tool
def register_team(tournament: str, team: Team) -> str:
    """Register a team for a tournament.

    Args:
        tournament: the tournament's name
        team: the team's name, its captain (name and shirt number) and the other players
    """
    return done("team registered", tournament=tournament, team=team.name)


def _alerts(rng):
    team = pick(rng, TEAMS)
    picked = sorted(rng.sample(ALERTS, 2), key=ALERTS.index)
    gold = {"team": team, "events": picked}
    return pick(rng, [
        f"Send me {picked[0]} and {picked[1]} alerts for {team} matches.",
        f"Could you notify me of every {picked[0]} and {picked[1]} in {team}'s games?",
        f"I want match alerts for {team}: {picked[0]} and {picked[1]}.",
    ]), gold


@case(_alerts)
@tool
def follow_team(team: str, events: list[Literal["kickoff", "goal", "halftime", "fulltime", "red card"]]) -> str:
    """Get notified of match events for a sports team.

    Args:
        team: the team's name
        events: which match events to be notified of, in order
    """
    return done("following", team=team, events=events)
