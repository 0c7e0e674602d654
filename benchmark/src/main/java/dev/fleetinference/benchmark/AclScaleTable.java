package dev.fleetinference.benchmark;

import java.util.List;
import java.util.Locale;

/** The ACL-scale run's table, one row per step, as text for the terminal and as Markdown for the docs. */
final class AclScaleTable {

    private static final String[] HEADERS = {"devices", "ACLs in place / none", "register ms/device (batch)",
            "register ms (single)", "events/s in place", "events/s none", "in place / none", "in place / base none",
            "broker CPU us/event in place / none", "round trip p50 / p99 ms in place", "round trip p50 / p99 ms none",
            "device requests/s in place / none", "broker CPU us/request in place / none"};

    private final List<AclStepSummary> steps;

    AclScaleTable(List<AclStepSummary> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The table in Markdown. */
    String markdown() {
        StringBuilder text = new StringBuilder("| " + String.join(" | ", HEADERS) + " |\n|");
        text.append(" --- |".repeat(HEADERS.length)).append('\n');
        for (AclStepSummary step : steps) {
            text.append("| ").append(String.join(" | ", cells(step))).append(" |\n");
        }
        return text.toString();
    }

    /** The table in columns, for a terminal. */
    String text() {
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (AclStepSummary step : steps) {
                widths[i] = Math.max(widths[i], cells(step)[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(row(HEADERS, widths));
        for (AclStepSummary step : steps) {
            text.append(row(cells(step), widths));
        }
        return text.toString();
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", cells[i]));
        }
        return line.append('\n').toString();
    }

    private static String[] cells(AclStepSummary step) {
        return new String[] {
                String.format(Locale.ROOT, "%,d", step.devices()),
                String.format(Locale.ROOT, "%,d / %,d", step.aclsInPlace(), step.aclsNone()),
                number(step.registerMsPerDevice(), "%.2f"),
                number(step.singleRegisterMs(), "%.0f"),
                number(step.inPlacePerSecond(), "%,.0f"),
                number(step.nonePerSecond(), "%,.0f"),
                number(step.pairedRatio(), "%.2f"),
                number(step.ratioToBase(), "%.2f"),
                number(step.inPlaceCpuUsPerEvent(), "%.1f") + " / " + number(step.noneCpuUsPerEvent(), "%.1f"),
                number(step.inPlaceP50Ms(), "%.0f") + " / " + number(step.inPlaceP99Ms(), "%.0f"),
                number(step.noneP50Ms(), "%.0f") + " / " + number(step.noneP99Ms(), "%.0f"),
                number(step.inPlaceRequestsPerSecond(), "%,.0f") + " / " + number(step.noneRequestsPerSecond(), "%,.0f"),
                number(step.inPlaceCpuUsPerRequest(), "%.0f") + " / " + number(step.noneCpuUsPerRequest(), "%.0f")};
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
