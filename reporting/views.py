from django.views.generic import TemplateView

from markets.models import Market

from .figures import key_figures, status_counts


class HomeView(TemplateView):
    template_name = "reporting/home.html"

    def get_context_data(self, **kwargs):
        markets = Market.objects.visible_to(self.request.user)
        return super().get_context_data(
            figures=key_figures(markets),
            statuses=status_counts(markets),
            recent_markets=markets.with_list_data().order_by("-created_at", "-pk")[:10],
            **kwargs,
        )
