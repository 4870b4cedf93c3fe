package dev.threadleak.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code diff} found, as {@code diff --format json} writes it for CI: what was counted
 * ({@code live threads} or {@code leaks}), both files with their totals, and the creation sites
 * that grew or appeared, most growth first (a site as {@link CreationSite} cuts it). Strings are
 * the reports' own, unescaped: JSON escapes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SiteDiff(String schema, String counted, Side before, Side after, List<Site> sites) {

    static final String SCHEMA = "threadleak-diff/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One of the two reports: its file, and how many it counted. */
    record Side(String file, long total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Site(LeakKind kind, List<Frame> createdAt, ThreadRef createdBy, boolean preExisting, long before, long after) {
    }

    static SiteDiff of(Path oldFile, SiteTable before, Path newFile, SiteTable after, List<CreationSite> grown) {
        List<Site> sites = new ArrayList<>();
        for (CreationSite site : grown) {
            sites.add(new Site(site.kind(), site.frames(), site.creator(), site.preExisting(), before.count(site),
                    after.count(site)));
        }
        return new SiteDiff(SCHEMA, after.what(), new Side(oldFile.toString(), before.total()),
                new Side(newFile.toString(), after.total()), sites);
    }

    String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
