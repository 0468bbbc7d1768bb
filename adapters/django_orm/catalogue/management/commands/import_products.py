"""manage.py import_products PATH: load a catalogue CSV, idempotently."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from application.catalogue import CatalogueRow
from domain.errors import InvalidRequest

COLUMNS = ("sku_code", "name", "unit_price", "stock")


def read_rows(path: Path) -> Iterator[CatalogueRow]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise CommandError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            try:
                yield CatalogueRow(
                    sku_code=row["sku_code"],
                    name=row["name"],
                    price=row["unit_price"],
                    stock=row["stock"],
                )
            except (InvalidRequest, ValueError, TypeError) as error:
                raise CommandError(f"{path}, line {reader.line_num}: {error}") from None


class Command(BaseCommand):
    help = (
        "Create the products and SKUs of a CSV (sku_code,name,unit_price,stock) "
        "that do not exist yet; rows with one name are SKUs of one product."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )

    def handle(self, *args, path: Path, batch_size: int, no_progress: bool, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open(encoding="utf-8") as handle:
            expected = max(sum(1 for _ in handle) - 1, 0)
        container = apps.get_app_config("shop").container
        importer = container.import_catalogue(batch_size=batch_size)
        with tqdm(
            total=expected, unit="row", disable=no_progress, file=self.stderr._out
        ) as bar:
            report = importer(read_rows(path), progress=bar.update)
        self.stdout.write(
            f"{report.products_created} products and {report.skus_created} SKUs "
            f"created; {report.skus_skipped} rows already present."
        )
