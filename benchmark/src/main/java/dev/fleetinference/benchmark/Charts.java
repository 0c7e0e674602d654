package dev.fleetinference.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The benchmark's two plots, drawn with XChart into PNG files (headless: no display needed). */
final class Charts {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color INK = new Color(0x222222);
    private static final Color TARGET = new Color(0xC0392B);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 5}, 0);
    private static final Map<String, Color> COLORS = Map.of(
            Variant.PASS_THROUGH.label(), new Color(0x7F8C8D),
            Variant.PER_EVENT.label(), new Color(0xE67E22),
            Variant.BATCHED.label(), new Color(0x27AE60),
            Variant.BATCHED_CONSTANT.label(), new Color(0x8E44AD),
            Variant.BATCHED_INSECURE.label(), new Color(0x2E86C1));

    private Charts() {
    }

    /**
     * Bars of each variant's median throughput with its rounds as dots, and the throughput the batched variant must
     * reach (0.9 x pass-through, 2.5 x per-event) as dashed lines in the colour of the variant they derive from.
     */
    static void throughput(Path file, BenchSummary summary, List<RoundResult> rounds, String subtitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Sustained throughput (exactly_once_v2, median of rounds)").yAxisTitle("events/s").build();
        style(chart, chart.getStyler(), subtitle);
        // five names side by side overlap level
        chart.getStyler().setXAxisLabelRotation(12);
        List<BenchSummary.VariantFigures> variants = summary.variants();
        Map<String, List<Double>> measured = recordedRounds(rounds);
        double passThrough = figure(summary, Variant.PASS_THROUGH);
        double perEvent = figure(summary, Variant.PER_EVENT);
        double highest = measured.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max()
                .orElse(1);
        double top = niceCeiling(Math.max(highest, Math.max(0.9 * passThrough, 2.5 * perEvent)) * 1.08);
        // overlapped: each variant's series has its bar in its own category, the rounds' dots on it
        chart.getStyler().setOverlapped(true).setAvailableSpaceFill(0.6).setYAxisMin(0.0).setYAxisMax(top)
                .setYAxisDecimalPattern("#,##0").setLegendPosition(Styler.LegendPosition.OutsideE)
                .setMarkerSize(8);
        List<String> names = variants.stream().map(BenchSummary.VariantFigures::variant).toList();
        if (names.isEmpty()) {
            // XChart draws no axes without a series: a bar of height 0
            chart.addSeries("nothing measured", List.of("nothing measured"), List.of(0));
            chart.getStyler().setLegendVisible(false);
        }
        for (int i = 0; i < variants.size(); i++) {
            bar(chart, names, i, variants.get(i), measured.getOrDefault(names.get(i), List.of()), top);
        }
        roundDots(chart, names, measured);
        if (passThrough > 0) {
            targetLine(chart, names, "0.9 x pass-through", 0.9 * passThrough, Variant.PASS_THROUGH);
        }
        if (perEvent > 0) {
            targetLine(chart, names, "2.5 x per-event", 2.5 * perEvent, Variant.PER_EVENT);
        }
        write(chart, file);
    }

    /**
     * Each variant's latency distribution (its recorded rounds merged): share of events visible within x ms, x on a
     * log scale, with the p99 the batched variant must stay under (pass-through's + 25 ms).
     */
    static void latency(Path file, BenchSummary summary, Map<String, Histogram> micros, String subtitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency: event sent -> prediction visible (read_committed)")
                .xAxisTitle("milliseconds (log scale)").yAxisTitle("events visible within").build();
        style(chart, chart.getStyler(), subtitle);
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Histogram h : micros.values()) {
            if (h.getTotalCount() > 0) {
                low = Math.min(low, Math.max(0.1, h.getMinValue() / 1000.0));
                high = Math.max(high, h.getMaxValue() / 1000.0);
            }
        }
        if (high == 0) {
            low = 1;
            high = 1000;
        }
        double minDecade = Math.floor(Math.log10(low));
        double maxDecade = Math.max(minDecade + 1, Math.ceil(Math.log10(high * 1.01)));
        chart.getStyler().setXAxisLogarithmic(true).setXAxisMin(Math.pow(10, minDecade))
                .setXAxisMax(Math.pow(10, maxDecade)).setXAxisDecimalPattern("#,##0.#").setYAxisMin(0.0)
                .setYAxisMax(100.0).setYAxisDecimalPattern("0'%'")
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        for (Map.Entry<String, Histogram> entry : micros.entrySet()) {
            Histogram h = entry.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            // a cumulative curve that rises from 0% at the fastest event
            List<Double> ms = new ArrayList<>();
            List<Double> percent = new ArrayList<>();
            for (HistogramIterationValue value : h.recordedValues()) {
                double x = h.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0;
                if (ms.isEmpty()) {
                    ms.add(x);
                    percent.add(0.0);
                }
                ms.add(x);
                percent.add(value.getPercentile());
            }
            XYSeries curve = chart.addSeries(String.format(Locale.ROOT, "%s  p50 %.1f ms, p99 %.1f ms",
                    entry.getKey(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0), ms,
                    percent);
            curve.setMarker(SeriesMarkers.NONE);
            curve.setLineColor(color(entry.getKey())).setLineStyle(new BasicStroke(2.5f));
        }
        double passThroughP99 = summary.variants().stream()
                .filter(v -> v.variant().equals(Variant.PASS_THROUGH.label())).mapToDouble(
                        BenchSummary.VariantFigures::p99Ms).findFirst().orElse(-1);
        if (passThroughP99 >= 0) {
            double target = passThroughP99 + 25;
            XYSeries line = chart.addSeries(String.format(Locale.ROOT,
                    "batched p99 target: pass-through p99 + 25 ms = %.0f ms", target), List.of(target, target),
                    List.of(0.0, 100.0));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(TARGET).setLineStyle(DASHED);
        }
        if (chart.getSeriesMap().isEmpty()) {
            // XChart draws no axes without a series: one with neither line nor markers
            XYSeries nothing = chart.addSeries("nothing measured", List.of(low, high), List.of(0.0, 0.0));
            nothing.setMarker(SeriesMarkers.NONE);
            nothing.setLineStyle(SeriesLines.NONE);
            chart.getStyler().setLegendVisible(false);
        }
        write(chart, file);
    }

    private static void style(Chart<?, ?> chart, AxesChartStyler styler, String subtitle) {
        // the title's padding, above and below it alike, leaves the room for the subtitle under it
        styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE).setChartFontColor(INK)
                .setChartPadding(8).setChartTitleFont(font(Font.BOLD, 17)).setChartTitlePadding(24)
                .setLegendFont(font(Font.PLAIN, 12)).setLegendBorderColor(GRID).setPlotBorderVisible(false)
                .setAnnotationTextFont(font(Font.BOLD, 14)).setAnnotationTextFontColor(INK);
        styler.setPlotGridLinesColor(GRID).setPlotGridLinesStroke(new BasicStroke(1))
                .setAxisTitleFont(font(Font.PLAIN, 13)).setAxisTickLabelsFont(font(Font.PLAIN, 12))
                .setAxisTickLabelsColor(INK).setYAxisTickMarkSpacingHint(60);
        chart.addAnnotation(new Subtitle(subtitle));
    }

    // the variant's own series (for its colour) with a bar in its own category only, and its median above it
    private static void bar(CategoryChart chart, List<String> names, int index, BenchSummary.VariantFigures v,
            List<Double> measured, double top) {
        List<Double> values = new ArrayList<>(Collections.nCopies(names.size(), (Double) null));
        values.set(index, v.throughput());
        CategorySeries bar = chart.addSeries(v.variant(), names, values);
        bar.setFillColor(color(v.variant()));
        // "batch size 256, max wait 5 ms, scoring model": the batching on one line, the scoring on the next
        String description = v.description();
        int split = description.lastIndexOf(", ");
        bar.setLabel(v.variant() + "\n" + (split < 0 ? description
                : description.substring(0, split) + "\n" + description.substring(split + 2)));
        // above the bar and its highest round, so that no dot hides the figure
        double above = Math.max(v.throughput(), measured.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "%,.0f", v.throughput()), index + 0.5,
                above + 0.045 * top, false));
    }

    /** Each variant's recorded rounds' throughput (the warm-up, round 0, left out), in the order they ran. */
    private static Map<String, List<Double>> recordedRounds(List<RoundResult> rounds) {
        Map<String, List<Double>> measured = new LinkedHashMap<>();
        for (RoundResult r : rounds) {
            if (r.round() > 0) {
                measured.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r.throughput().eventsPerSecond());
            }
        }
        return measured;
    }

    // series k holds every variant's k-th round; one legend entry stands for them all
    private static void roundDots(CategoryChart chart, List<String> names, Map<String, List<Double>> measured) {
        int most = measured.values().stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < most && !names.isEmpty(); k++) {
            List<Double> dots = new ArrayList<>();
            for (String name : names) {
                List<Double> own = measured.getOrDefault(name, List.of());
                dots.add(k < own.size() ? own.get(k) : null);
            }
            CategorySeries series = chart.addSeries("round " + (k + 1), names, dots);
            series.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(INK).setLabel("one round");
            series.setShowInLegend(k == 0);
        }
    }

    // a dashed line from the first category's centre to the last one's, named in the legend; darker, so that it
    // shows on its own variant's bar
    private static void targetLine(CategoryChart chart, List<String> names, String what, double value,
            Variant from) {
        CategorySeries line = chart.addSeries("target: " + what, names, Collections.nCopies(names.size(), value));
        line.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line);
        line.setLabel(String.format(Locale.ROOT, "target: %s\n= %,.0f events/s", what, value));
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color(from.label()).darker()).setLineStyle(DASHED);
    }

    private static double figure(BenchSummary summary, Variant variant) {
        return summary.variants().stream().filter(v -> v.variant().equals(variant.label()))
                .mapToDouble(BenchSummary.VariantFigures::throughput).findFirst().orElse(0);
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= value) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static Color color(String variant) {
        return COLORS.getOrDefault(variant, Color.GRAY);
    }

    private static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    // drawn before the file is opened, so that a chart that fails leaves no half-written file
    private static void write(Chart<?, ?> chart, Path file) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The run's settings in small print, centred over the plot under the title (XChart titles have one line). */
    private static final class Subtitle extends Annotation {

        private static final Font FONT = font(Font.PLAIN, 12);
        private final String text;

        Subtitle(String text) {
            super(true);
            this.text = text;
        }

        @Override
        public void paint(Graphics2D g) {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            g.setColor(INK);
            int width = g.getFontMetrics().stringWidth(text);
            // over the plot's centre, as the title is, yet within the chart where the plot is narrower than the text
            int x = (getXAxisScreenValueForMin() + getXAxisScreenValueForMax() - width) / 2;
            x = Math.max(styler.getChartPadding(), Math.min(x, chart.getWidth() - styler.getChartPadding() - width));
            int baseline = getYAxisScreenValueForMin() - 10;
            g.drawString(text, x, baseline);
            bounds = new Rectangle2D.Double(x, baseline - g.getFontMetrics().getAscent(), width,
                    g.getFontMetrics().getHeight());
        }
    }
}
