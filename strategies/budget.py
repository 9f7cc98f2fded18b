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


def budget_table(lines, line_amounts):
    """The table of `lines`, each with its amounts ({year: kroner}, in the same order), in one pass."""
    years = sorted({year for amounts in line_amounts for year in amounts})
    table = BudgetTable(years=years, year_totals=[0] * len(years))
    for line, amounts in zip(lines, line_amounts, strict=True):
        row = Row(line, [amounts.get(year) for year in years], sum(amounts.values()))
        for index, year in enumerate(years):
            table.year_totals[index] += amounts.get(year, 0)
        table.total += row.total
        table.rows.append(row)
    return table


def plan_budget(plan):
    """The plan's budget table, its lines and their amounts read in one query of values (the plan page and
    its PDF show it; asking for the PDF builds it to hash it)."""
    lines: dict[int, BudgetLine] = {}
    amounts: dict[int, dict[int, int]] = {}
    rows = plan.budget_lines.order_by("position", "pk").values_list(
        "pk", "title", "funding_source", "amounts__year", "amounts__amount"
    )
    for pk, title, funding_source, year, amount in rows:
        if pk not in lines:
            lines[pk] = BudgetLine(pk=pk, plan=plan, title=title, funding_source=funding_source)
            amounts[pk] = {}
        if year is not None:
            amounts[pk][year] = amount
    return budget_table(list(lines.values()), list(amounts.values()))
