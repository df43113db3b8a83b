"""Shopping tools (held-out split): cart, orders, returns, reviews, stock."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agora.bench.toolset.base import CITIES, STREETS, case, done, pick
from agora.tools.core import tool

PRODUCTS = ["desk lamp", "rain jacket", "espresso grinder", "hiking boots", "wireless keyboard", "yoga mat"]


def _sku(rng) -> str:
    return f"SKU-{rng.randint(1000, 9999)}"


class OrderLine(BaseModel):
    sku: str
    quantity: int = Field(ge=1)


class ShippingAddress(BaseModel):
    street: str
    city: str
    postal_code: str


def _cart(rng):
    sku, q = _sku(rng), rng.randint(1, 9)
    return f"Add {q} of product {sku} to my cart.", {"product_id": sku, "quantity": q}


@case(_cart)
@tool
def add_to_cart(product_id: str, quantity: int) -> str:
    """Add a product to the shopping cart.

    Args:
        product_id: the product's SKU
        quantity: how many
    """
    return done("added to cart", product_id=product_id)


def _order(rng):
    s1, s2 = _sku(rng), _sku(rng)
    q1, q2 = rng.randint(1, 5), rng.randint(1, 5)
    street, city, code = pick(rng, STREETS), pick(rng, CITIES), str(rng.randint(10000, 99999))
    args = {"items": [{"sku": s1, "quantity": q1}, {"sku": s2, "quantity": q2}],
            "shipping": {"street": street, "city": city, "postal_code": code}}
    express = rng.random() < 0.5
    if express:
        args["express"] = True
    return (f"Order {q1} x {s1} and {q2} x {s2}, shipped to {street}, {city}, postal code {code}"
            f"{', with express delivery' if express else ''}.", args)


@case(_order)
@tool
def place_order(items: list[OrderLine], shipping: ShippingAddress, express: bool = False) -> str:
    """Place an order.

    Args:
        items: order lines, each a SKU and a quantity
        shipping: the delivery address
        express: express delivery
    """
    return done("order placed", lines=len(items))


def _track(rng):
    number = f"TRK{rng.randint(10**8, 10**9 - 1)}"
    return f"Where is my package {number}?", {"tracking_number": number}


@case(_track)
@tool
def track_package(tracking_number: str) -> str:
    """Track a parcel.

    Args:
        tracking_number: the tracking number
    """
    return done("in transit", tracking_number=tracking_number)


def _coupon(rng):
    code = pick(rng, ["SPRING25", "WELCOME10", "FREESHIP", "LOYAL15"]) + str(rng.randint(1, 9))
    return f"Apply the coupon code {code}.", {"code": code}


@case(_coupon)
@tool
def apply_coupon(code: str) -> str:
    """Apply a discount code to the cart.

    Args:
        code: the coupon code
    """
    return done("coupon applied", code=code)


def _return(rng):
    order = f"ORD-{rng.randint(100000, 999999)}"
    reason = pick(rng, ["damaged", "wrong_size", "not_needed"])
    said = {"damaged": "it arrived damaged", "wrong_size": "it is the wrong_size",
            "not_needed": "it is not_needed any more"}[reason]
    return f"I want to return order {order} because {said} (reason: {reason}).", {"order_id": order, "reason": reason}


@case(_return)
@tool
def return_item(order_id: str, reason: Literal["damaged", "wrong_size", "not_needed"]) -> str:
    """Start a return.

    Args:
        order_id: the order number
        reason: why it is returned
    """
    return done("return started", order_id=order_id)


def _compare(rng):
    product = pick(rng, PRODUCTS)
    stores = rng.sample(["Northmart", "Cobalt Outfitters", "Pixel Barn", "Greenleaf", "Home & Hearth"], 3)
    return (f"Compare the price of a {product} at {stores[0]}, {stores[1]} and {stores[2]}.",
            {"product": product, "stores": stores})


@case(_compare)
@tool
def compare_prices(product: str, stores: list[str]) -> str:
    """Compare a product's price across stores.

    Args:
        product: the product
        stores: store names
    """
    return done("prices", product=product)


def _alert(rng):
    product, price = pick(rng, PRODUCTS), rng.choice([19.99, 45, 89.5, 120, 249.99])
    return f"Alert me when the {product} drops to {price}.", {"product": product, "target_price": price}


@case(_alert)
@tool
def set_price_alert(product: str, target_price: float) -> str:
    """Watch a product's price.

    Args:
        product: the product
        target_price: notify at or below this price
    """
    return done("alert set", product=product)


def _review(rng):
    product, rating = pick(rng, PRODUCTS), rng.randint(1, 5)
    if rng.random() < 0.5:
        return f"Rate the {product} {rating} out of 5 stars.", {"product": product, "rating": rating}
    text = pick(rng, ["Sturdy and light.", "Stopped working after a week.", "Exactly as described."])
    return (f"Give the {product} {rating} stars with the review \"{text}\"",
            {"product": product, "rating": rating, "text": text})


@case(_review)
@tool
def write_review(product: str, rating: Literal[1, 2, 3, 4, 5], text: str | None = None) -> str:
    """Post a product review.

    Args:
        product: the product
        rating: stars from 1 to 5
        text: the review text
    """
    return done("review posted", rating=rating)


def _stock(rng):
    sku, city = _sku(rng), pick(rng, CITIES)
    return f"Is {sku} in stock at the {city} store?", {"sku": sku, "store_city": city}


@case(_stock)
@tool
def check_stock(sku: str, store_city: str) -> str:
    """Stock level of a product in one store.

    Args:
        sku: the product SKU
        store_city: the store's city
    """
    return done("stock", sku=sku, units=4)
