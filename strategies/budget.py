"""The budget of an implementation plan as a table: lines x years, with totals per line, per year
and in all (seed 004: "Drift af Klyngen" 1 mio. kr. a year 2019-2021, "Cafeudvikling" 273.000 kr.
a year 2018-2021)."""

from dataclasses import dataclass, field

from .models import BudgetLine


@dataclass
class Row:
    line: BudgetLine
    #: The amount of each of the table's years, None where the line has none.
    amounts: list
    total: int = 0


@dataclass
class BudgetTable:
    years: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    year_totals: list = field(default_factory=list)
    total: int = 0

    def __bool__(self):
        return bool(self.rows)


def budget_table(lines):
    """The table of `lines` (BudgetLines with their amounts prefetched), in one pass over the amounts."""
    lines = list(lines)
    by_line = [{amount.year: amount.amount for amount in line.amounts.all()} for line in lines]
    years = sorted({year for amounts in by_line for year in amounts})
    table = BudgetTable(years=years, year_totals=[0] * len(years))
    for line, amounts in zip(lines, by_line, strict=True):
        row = Row(line, [amounts.get(year) for year in years], sum(amounts.values()))
        for index, year in enumerate(years):
            table.year_totals[index] += amounts.get(year, 0)
        table.total += row.total
        table.rows.append(row)
    return table


def plan_budget(plan):
    return budget_table(plan.budget_lines.prefetch_related("amounts"))
