"""Ranked search at scale: load N generated products into PostgreSQL and time
the search the API runs, with and without the trigram index.

    .venv/bin/python bench/search_bench.py --products 100000 1000000

For each size it (re)fills the catalogue tables of a database of its own
(default `shop_search_bench`, created if missing; never point it at a
database you care about), then times `RankedSearch` (the use case behind
`GET /api/v1/products?search=`, first page of 20, SKUs and count included)
for three queries:

- a rare word, in about 1 name in 10,000;
- a frequent word, in 1 name in 10;
- a two-letter query, which no trigram can serve.

Each is timed three ways: counts cached (the count of a query computed once
per search generation, as in production), cold (the count cache emptied
before every call, so every call counts its matches), and, for reference,
one ranked query that sorts every match (Case/When), which is how the
search was first written. Then the trigram index is dropped, the same is
timed again, and the index is rebuilt. Names are made of the words of the
real catalogue (data/products.csv), drawn as often as they occur there.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from databases import ensure_database  # noqa: E402  (bench/ is on the path)

FREQUENT, RARE, TWO_LETTERS = "vintage", "zeppelin", "ca"
QUERIES = {"rare word": RARE, "frequent word": FREQUENT, "two letters": TWO_LETTERS}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/shop_search_bench",
    )
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per case")
    parser.add_argument("--seed", type=int, default=2010)
    return parser.parse_args()


def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the real catalogue and how often each occurs."""
    counts: Counter[str] = Counter()
    with open(ROOT / "data" / "products.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            counts.update(re.findall(r"[A-Z][A-Z'&]+", row["name"].upper()))
    # The frequent and rare words are placed on purpose, not drawn.
    for word in (FREQUENT.upper(), RARE.upper()):
        counts.pop(word, None)
    words = sorted(counts)
    return words, [counts[word] for word in words]


def generated_names(count: int, seed: int):
    """`count` names of 2 to 5 words; 1 in 10 has the frequent word and
    1 in 10,000 the rare one."""
    words, weights = vocabulary()
    rnd = random.Random(seed)
    lengths = [rnd.randint(2, 5) for _ in range(count)]
    drawn = iter(rnd.choices(words, weights, k=sum(lengths)))
    for index, length in enumerate(lengths):
        name = [next(drawn) for _ in range(length)]
        if index % 10 == 3:
            name.insert(rnd.randint(0, length), FREQUENT.upper())
        if index % 10_000 == 7:
            name.insert(rnd.randint(0, length), RARE.upper())
        yield " ".join(name)


def load(count: int, seed: int) -> None:
    """Empty the catalogue and COPY `count` products, one SKU each."""
    from django.db import connection

    rnd = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    products, skus = io.StringIO(), io.StringIO()
    for index, name in enumerate(generated_names(count, seed), start=1):
        created = start + timedelta(seconds=rnd.randrange(5 * 365 * 86400))
        active = "f" if index % 40 == 0 else "t"
        products.write(f"{index}\t{name}\t\t{active}\t{created.isoformat()}\n")
        skus.write(f"{index}\tB{index:08d}\t{rnd.randint(50, 5000) / 100:.2f}\t100\n")
    products.seek(0)
    skus.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE catalogue_product, catalogue_sku, carts_cartitem, "
            "orders_orderline, orders_order, orders_idempotencykey CASCADE"
        )
        raw = cursor.cursor
        raw.copy_expert(
            "COPY catalogue_product (id, name, description, is_active, created_at) "
            "FROM STDIN",
            products,
        )
        raw.copy_expert(
            "COPY catalogue_sku (product_id, code, price, stock) FROM STDIN", skus
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('catalogue_product', 'id'), %s)",
            [count],
        )
        cursor.execute("VACUUM ANALYZE catalogue_product")
        cursor.execute("VACUUM ANALYZE catalogue_sku")


def one_ranked_query(query: str) -> int:
    """The first design, for comparison: rank every match, sort, take 20
    (on the same indexed search key)."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Upper

    from adapters.django_orm.catalogue.models import Product
    from adapters.django_orm.catalogue.repository import _with_skus as with_skus
    from adapters.django_orm.catalogue.repository import product_to_domain

    key = Upper(Value(query))
    rows = Product.objects.filter(is_active=True, search_key__contains=key).annotate(
        rank=Case(
            When(search_key=key, then=Value(100)),
            When(search_key__startswith=key, then=Value(50)),
            default=Value(10),
            output_field=IntegerField(),
        )
    )
    rows = rows.order_by("-rank", "-created_at", "-id")
    count = rows.count()
    [product_to_domain(row) for row in with_skus(rows)[:20]]
    return count


def timed(call, repeat: int) -> tuple[float, float, object]:
    call()  # warm the caches of PostgreSQL and the OS
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, result


def measure(repeat: int) -> dict[tuple[str, str], tuple[float, float, int]]:
    from django.core.cache import cache

    from adapters.django_orm.unit_of_work import DjangoUnitOfWork
    from application.catalogue import RankedSearch
    from application.ports import PageRequest

    search = RankedSearch(DjangoUnitOfWork)
    first_page = PageRequest(0, 20)

    def cold(query: str):
        cache.clear()
        return search(query, first_page).count

    figures = {}
    for label, query in QUERIES.items():
        cache.clear()
        figures[label, "cached"] = timed(
            lambda q=query: search(q, first_page).count, repeat
        )
        figures[label, "cold"] = timed(lambda q=query: cold(q), repeat)
        figures[label, "one query"] = timed(
            lambda q=query: one_ranked_query(q), max(5, repeat // 4)
        )
    return figures


def set_trigram_index(present: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if present:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS product_search_trgm ON catalogue_product "
                "USING gin (search_key gin_trgm_ops)"
            )
        else:
            cursor.execute("DROP INDEX IF EXISTS product_search_trgm")
        cursor.execute("ANALYZE catalogue_product")


def report(count: int, with_index: dict, without_index: dict) -> None:
    print(f"\n{count:,} products (median / p95 in ms; matches of the query)")
    print(
        f"{'query':<14} {'counts':<10} {'with trigram':>16} "
        f"{'without':>16} {'ratio p95':>10} {'matches':>9}"
    )
    for (label, mode), (median, p95, matches) in with_index.items():
        other_median, other_p95, _ = without_index[label, mode]
        print(
            f"{label:<14} {mode:<10} {median:7.1f} / {p95:6.1f} "
            f"{other_median:7.1f} / {other_p95:6.1f} "
            f"{other_p95 / p95:9.1f}x {matches:9,}"
        )


def main() -> int:
    args = parse_args()
    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("REDIS_URL", None)  # the count cache is this process's memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    for count in args.products:
        began = time.perf_counter()
        load(count, args.seed)
        print(f"loaded {count:,} products in {time.perf_counter() - began:.0f} s")
        set_trigram_index(True)
        with_index = measure(args.repeat)
        set_trigram_index(False)
        without_index = measure(args.repeat)
        set_trigram_index(True)
        report(count, with_index, without_index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
