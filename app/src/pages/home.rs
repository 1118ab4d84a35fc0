//! The front page: the three ways to give input, and what happens afterwards.

use crate::context::{use_i18n, use_page};
use crate::forms::Named;
use leptos::prelude::*;

/// One way to give input, shown as a card linking to its form.
struct Way {
    href: &'static str,
    title: &'static str,
    body: &'static str,
    action: &'static str,
}

const WAYS: [Way; 3] = [
    Way { href: "/brukerreise", title: "home.journey.title", body: "home.journey.body", action: "home.journey.action" },
    Way { href: "/nabobekymring", title: "home.concern.title", body: "home.concern.body", action: "home.concern.action" },
    Way { href: "/ide", title: "home.idea.title", body: "home.idea.body", action: "home.idea.action" },
];

/// `team_names` are the active teams that follow input up, in the reader's language.
#[component]
pub fn HomePage(team_names: Vec<Named>) -> impl IntoView {
    let i18n = use_i18n();
    let page = use_page();
    let ways = WAYS
        .iter()
        .map(|way| {
            view! {
                <li class="ds-card way">
                    <h3 class="ds-heading" data-size="sm">{i18n.t(way.title)}</h3>
                    <p class="ds-paragraph">{i18n.t(way.body)}</p>
                    <p class="ds-paragraph">
                        <a class="ds-link way__action" href=way.href>{i18n.t(way.action)}</a>
                    </p>
                </li>
            }
        })
        .collect_view();
    let teams = (!team_names.is_empty()).then(|| {
        view! {
            <h2 class="ds-heading" data-size="md">{i18n.t("home.teams.title")}</h2>
            <p class="ds-paragraph">{i18n.t("home.teams.body")}</p>
            <ul class="ds-list team-list">
                {team_names.into_iter().map(|name| view! { <li lang=name.lang>{name.text}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("home.heading")}</h1>
        <p class="ds-paragraph lead" data-size="lg">
            {i18n.t_with("home.lead", &[("municipality", &page.site.municipality_name)])}
        </p>
        <div class="ds-alert" data-color="warning">
            <h2 class="ds-heading" data-size="xs">{i18n.t("home.emergency.title")}</h2>
            <p class="ds-paragraph">{i18n.t("home.emergency.body")}</p>
        </div>
        <h2 class="ds-heading" data-size="md">{i18n.t("home.ways.title")}</h2>
        <ul class="ways">{ways}</ul>
        <h2 class="ds-heading" data-size="md">{i18n.t("home.public.title")}</h2>
        <ul class="ds-list">
            <li><a class="ds-link" href="/ideer">{i18n.t("home.public.ideas")}</a></li>
            <li><a class="ds-link" href="/konsultasjoner">{i18n.t("home.public.consultations")}</a></li>
            <li><a class="ds-link" href="/vi-gjorde">{i18n.t("home.public.summaries")}</a></li>
        </ul>
        <h2 class="ds-heading" data-size="md">{i18n.t("home.after.title")}</h2>
        <ol class="ds-list steps">
            <li>{i18n.t("home.after.receipt")}</li>
            <li>{i18n.t("home.after.routing")}</li>
            <li>{i18n.t("home.after.answer")}</li>
            <li>{i18n.t("home.after.outcome")}</li>
        </ol>
        <h2 class="ds-heading" data-size="md">{i18n.t("home.privacy.title")}</h2>
        <p class="ds-paragraph">{i18n.t("home.privacy.body")}</p>
        <p class="ds-paragraph">
            <a class="ds-link" href="/personvern">{i18n.t("home.privacy.link")}</a>
        </p>
        <h2 class="ds-heading" data-size="md">{i18n.t("home.not_application.title")}</h2>
        <p class="ds-paragraph">{i18n.t("home.not_application.body")}</p>
        {teams}
    }
}
