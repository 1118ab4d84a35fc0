-- The outbox keeps what to send (template, item, locale, recipient), not
-- the rendered mail: the worker writes each mail, with the private tracking
-- link derived from the item's key, when it sends it. So no private link is
-- ever stored. Mails still waiting when this runs are written from their item
-- when they are sent.

alter table outbox drop column subject, drop column body_text, drop column body_html;
