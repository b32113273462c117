package org.incidentmapper.ogc;

/**
 * A collection of the service: every incident ({@code incidents}), the incidents of one category (id = the category
 * key), or the provinces with counts of the incidents in the requested window ({@code provinces}).
 *
 * @param category the category key of a per-category collection, else null
 */
record OgcCollection(String id, String title, String description, String category, boolean provinces) {

    static final String INCIDENTS = "incidents";
    static final String PROVINCES = "provinces";

    static OgcCollection incidents() {
        return new OgcCollection(INCIDENTS, "Incidents", "Every incident: scam compounds, hospital admissions, border "
                + "casino towns, raids and rescues. Sensitive incidents are generalised below analyst level.", null, false);
    }

    static OgcCollection category(String key, String label) {
        return new OgcCollection(key, label, "Incidents of the category '" + label + "'.", key, false);
    }

    static OgcCollection provinceCounts() {
        return new OgcCollection(PROVINCES, "Provinces", "Admin-1 boundaries with the number of incidents active in "
                + "the requested window (datetime), in total and per category (count_<category>); small counts of "
                + "sensitive categories are withheld (null) below analyst level.", null, true);
    }
}
