package org.incidentmapper.ogc;

import java.util.Map;

import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;

/**
 * The HTML form of every resource, rendered from its JSON: the title and description, the links (so a person can
 * browse the service and jump to the map), and the rest as tables. Every text is escaped; only http(s) and
 * same-site links become anchors.
 */
final class OgcHtml {

    private OgcHtml() {
    }

    static String page(String title, JsonNode json) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append(" – Incident mapper OGC API</title><style>"
                        + "body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;max-width:80em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
                        + "vertical-align:top}th{background:#f4f4f4}</style></head><body>")
                .append("<p><a href=\"/ogc\">OGC API home</a> · <a href=\"/ogc/collections\">Collections</a> · "
                        + "<a href=\"/\">Map</a></p><h1>").append(esc(title)).append("</h1>");
        if (json.has("description")) {
            html.append("<p>").append(esc(json.get("description").asString())).append("</p>");
        }
        if (json.has("links")) {
            html.append("<h2>Links</h2>").append(links(json.get("links")));
        }
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            String name = member.getKey();
            if (name.equals("links") || name.equals("description") || name.equals("title")) {
                continue;
            }
            html.append("<h2>").append(esc(name)).append("</h2>").append(value(member.getValue()));
        }
        return html.append("</body></html>").toString();
    }

    private static String links(JsonNode links) {
        StringBuilder html = new StringBuilder("<ul>");
        for (JsonNode link : links.values()) {
            String href = link.path("href").asString("");
            String text = link.path("title").asString(link.path("rel").asString(href));
            html.append("<li>").append(anchor(href, text)).append(" <small>(")
                    .append(esc(link.path("rel").asString(""))).append(", ").append(esc(link.path("type").asString("")))
                    .append(")</small></li>");
        }
        return html.append("</ul>").toString();
    }

    private static String value(JsonNode node) {
        if (node.isArray()) {
            if (!node.isEmpty() && node.get(0).isObject()) {
                return table(node);
            }
            StringBuilder html = new StringBuilder("<ul>");
            node.values().forEach(v -> html.append("<li>").append(value(v)).append("</li>"));
            return html.append("</ul>").toString();
        }
        if (node.isObject()) {
            if (node.has("type") && node.has("coordinates")) {
                return "<code>" + esc(abbreviate(node.toString())) + "</code>";
            }
            StringBuilder html = new StringBuilder("<table>");
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                html.append("<tr><th>").append(esc(member.getKey())).append("</th><td>")
                        .append(member.getKey().equals("links") ? links(member.getValue()) : value(member.getValue()))
                        .append("</td></tr>");
            }
            return html.append("</table>").toString();
        }
        return node.isNull() ? "" : esc(node.asString());
    }

    /** Objects side by side: features as rows of their id, properties and links. */
    private static String table(JsonNode rows) {
        StringBuilder html = new StringBuilder("<table>");
        for (JsonNode row : rows.values()) {
            html.append("<tr>");
            for (Map.Entry<String, JsonNode> member : row.properties()) {
                if (member.getKey().equals("type") && member.getValue().asString("").equals("Feature")) {
                    continue;
                }
                html.append("<td>").append(member.getKey().equals("links") ? links(member.getValue())
                        : value(member.getValue())).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    private static String anchor(String href, String text) {
        boolean safe = href.startsWith("http://") || href.startsWith("https://") || href.startsWith("/");
        return safe ? "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>" : esc(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
