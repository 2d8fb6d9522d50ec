"""Pagination that stays fast deep into a large list.

An OFFSET costs what it skips. Pages in the second half of the list are read from the
other end (the reversed ordering, a small OFFSET) and turned around in Python, so the last
page costs what the first does; the middle page is the slowest."""

from django.core.paginator import Page, Paginator


class TwoEndedPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom > self.count // 2 and self.object_list.ordered:
            rows = list(self.object_list.reverse()[self.count - top:self.count - bottom])
            rows.reverse()
            return Page(rows, number, self)
        return super().page(number)
