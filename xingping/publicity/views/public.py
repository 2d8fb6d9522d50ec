"""The public pages (C9): phone-first, Chinese, no login. They show only what is
published and visible now (`selectors.visible_q`), and no staff-only data: no author or
reviewer, no drafts, phones masked except the units' published hotlines."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from xingping.core.public import public_pages
from xingping.orgs.policy import public_view
from xingping.publicity import selectors
from xingping.publicity.forms import UnitSearchForm
from xingping.publicity.models import Category, Kind
from xingping.publicity.templatetags.publicity_tags import mask_mobiles


@public_view
def portal(request):
    """The public portal: every page registered in core/public.py, and the latest news."""
    return render(request, "publicity/portal.html", {
        "pages": public_pages(),
        "latest_news": selectors.visible_news()[:3],
        "latest_letters": selectors.visible_publications(kind=Kind.LETTER)[:2],
    })


@public_view
def plan(request):
    campaign, phases = selectors.current_campaign_plan()
    return render(request, "publicity/plan.html", {"campaign": campaign, "phases": phases})


@public_view
def letters(request):
    return render(request, "publicity/letters.html", {"items": selectors.visible_publications(kind=Kind.LETTER)})


@public_view
def letter_detail(request, pk):
    item = get_object_or_404(selectors.visible_publications(kind=Kind.LETTER), pk=pk)
    return render(request, "publicity/public_item.html", {"item": item, "back": "letters"})


@public_view
def news(request):
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    return render(request, "publicity/news.html", {
        "items": selectors.visible_news(category=category), "category": category,
        "categories": [c for c in Category.choices if c[0]],
    })


@public_view
def news_detail(request, pk):
    item = get_object_or_404(selectors.visible_news(), pk=pk)
    return render(request, "publicity/public_item.html", {"item": item, "back": "news"})


@public_view
def units(request):
    """Every unit's complaint hotline, stations included, grouped by county; the search
    is a plain GET form (works without JS)."""
    form = UnitSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.public_units(q=q)
    return render(request, "publicity/units.html", {
        "form": form, "q": q, "groups": selectors.group_by_county(found),
    })


@public_view
def unit_detail(request, code):
    unit = get_object_or_404(selectors.public_units(), code=code)
    return render(request, "publicity/unit.html", {
        "unit": unit, "commitments": selectors.unit_commitments(unit=unit),
        "figures": selectors.unit_public_figures(unit=unit),
    })


class NewsFeed(Feed):
    """Atom feed of the 政风行风评议 column: the items visible now."""

    feed_type = Atom1Feed
    link = reverse_lazy("publicity:news")
    title = gettext_lazy("Conduct appraisal news column")
    subtitle = gettext_lazy("Industry and commerce bulletin: the democratic appraisal column")

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            raise Http404
        return super().__call__(request, *args, **kwargs)

    def items(self):
        return selectors.visible_news()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return mask_mobiles(item.body)

    def item_link(self, item):
        return reverse("publicity:news-detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.revised_at or item.publish_at

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_author_name(self, item):
        return item.unit.name  # the unit, never a staff name

    def item_guid(self, item):
        return f"xingping-news-{item.pk}-v{item.version}"

    item_guid_is_permalink = False


news_feed = public_view(NewsFeed())
