package dev.fleetinference.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The benchmark's two plots, drawn with Java2D into PNG files (headless: no display needed). */
final class Charts {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color INK = new Color(0x222222);
    private static final Color TARGET = new Color(0xC0392B);
    private static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 5}, 0);
    private static final Map<String, Color> COLORS = Map.of(
            Variant.PASS_THROUGH.label(), new Color(0x7F8C8D),
            Variant.PER_EVENT.label(), new Color(0xE67E22),
            Variant.BATCHED.label(), new Color(0x27AE60),
            Variant.BATCHED_CONSTANT.label(), new Color(0x8E44AD));
    // plot area margins: left, top, right, bottom
    private static final int LEFT = 90;
    private static final int TOP = 60;
    private static final int RIGHT = 40;
    private static final int BOTTOM = 80;

    private Charts() {
    }

    /**
     * Bars of each variant's median throughput with its rounds as dots, and the throughput the batched variant must
     * reach (0.9 x pass-through, 2.5 x per-event) as dashed lines.
     */
    static void throughput(Path file, BenchSummary summary, List<RoundResult> rounds, String subtitle) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        title(g, "Sustained throughput (exactly_once_v2, median of rounds)", subtitle);
        List<BenchSummary.VariantFigures> variants = summary.variants();
        double top = rounds.stream().filter(r -> r.round() > 0).mapToDouble(r -> r.throughput().eventsPerSecond())
                .max().orElse(1);
        double passThrough = figure(summary, Variant.PASS_THROUGH);
        double perEvent = figure(summary, Variant.PER_EVENT);
        top = niceCeiling(Math.max(top, Math.max(0.9 * passThrough, 2.5 * perEvent)) * 1.08);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        yAxis(g, top, plotHeight, "events/s");
        int slot = variants.isEmpty() ? plotWidth : plotWidth / variants.size();
        for (int i = 0; i < variants.size(); i++) {
            BenchSummary.VariantFigures v = variants.get(i);
            int x = LEFT + i * slot + slot / 5;
            int barWidth = slot * 3 / 5;
            int barTop = y(v.throughput(), top, plotHeight);
            g.setColor(COLORS.getOrDefault(v.variant(), Color.GRAY));
            g.fillRect(x, barTop, barWidth, TOP + plotHeight - barTop);
            g.setColor(INK);
            for (RoundResult r : rounds) {
                if (r.round() > 0 && r.variant().equals(v.variant())) {
                    int dotY = y(r.throughput().eventsPerSecond(), top, plotHeight);
                    g.fillOval(x + barWidth / 2 - 4, dotY - 4, 8, 8);
                }
            }
            g.setFont(font(Font.BOLD, 14));
            centered(g, String.format(Locale.ROOT, "%,.0f", v.throughput()), x + barWidth / 2, barTop - 8);
            g.setFont(font(Font.PLAIN, 14));
            centered(g, v.variant(), x + barWidth / 2, TOP + plotHeight + 22);
            g.setFont(font(Font.PLAIN, 11));
            // "batch size 256, max wait 5 ms, scoring model": the batching on one line, the scoring on the next
            String description = v.description();
            int split = description.lastIndexOf(", ");
            centered(g, split < 0 ? description : description.substring(0, split), x + barWidth / 2,
                    TOP + plotHeight + 38);
            if (split >= 0) {
                centered(g, description.substring(split + 2), x + barWidth / 2, TOP + plotHeight + 52);
            }
        }
        g.setStroke(DASHED);
        g.setFont(font(Font.PLAIN, 12));
        if (passThrough > 0) {
            targetLine(g, 0.9 * passThrough, top, plotHeight, "target: 0.9 x pass-through");
        }
        if (perEvent > 0) {
            targetLine(g, 2.5 * perEvent, top, plotHeight, "target: 2.5 x per-event");
        }
        write(image, g, file);
    }

    /**
     * Each variant's latency distribution (its recorded rounds merged): share of events visible within x ms, x on a
     * log scale, with the p99 the batched variant must stay under (pass-through's + 25 ms).
     */
    static void latency(Path file, BenchSummary summary, Map<String, Histogram> micros, String subtitle) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        title(g, "Latency: event sent -> prediction visible (read_committed)", subtitle);
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
        double maxDecade = Math.ceil(Math.log10(high * 1.01));
        if (maxDecade <= minDecade) {
            maxDecade = minDecade + 1;
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double from = minDecade;
        double to = maxDecade;
        DoubleUnaryOperator xOf = ms -> LEFT + (Math.log10(Math.max(ms, Math.pow(10, from)))
                - from) / (to - from) * plotWidth;
        // grid: decades and their 2 and 5
        g.setFont(font(Font.PLAIN, 12));
        for (double decade = from; decade <= to; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double ms = m * Math.pow(10, decade);
                if (Math.log10(ms) > to + 1e-9) {
                    continue;
                }
                int x = (int) Math.round(xOf.applyAsDouble(ms));
                g.setColor(GRID);
                g.drawLine(x, TOP, x, TOP + plotHeight);
                g.setColor(INK);
                centered(g, number(ms), x, TOP + plotHeight + 18);
            }
        }
        centered(g, "milliseconds (log scale)", LEFT + plotWidth / 2, TOP + plotHeight + 40);
        for (int pct = 0; pct <= 100; pct += 10) {
            int y = TOP + plotHeight - pct * plotHeight / 100;
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(INK);
            rightAligned(g, pct + "%", LEFT - 8, y + 4);
        }
        axes(g, plotWidth, plotHeight);
        double passThroughP99 = summary.variants().stream()
                .filter(v -> v.variant().equals(Variant.PASS_THROUGH.label())).mapToDouble(
                        BenchSummary.VariantFigures::p99Ms).findFirst().orElse(-1);
        if (passThroughP99 >= 0) {
            int x = (int) Math.round(xOf.applyAsDouble(passThroughP99 + 25));
            g.setColor(TARGET);
            g.setStroke(DASHED);
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setStroke(new BasicStroke(1));
            String label = String.format(Locale.ROOT, "batched p99 target: pass-through p99 + 25 ms = %.0f ms",
                    passThroughP99 + 25);
            labelBox(g, label, Math.min(x + 6 + g.getFontMetrics().stringWidth(label), WIDTH - RIGHT), TOP + 16);
        }
        int legendY = TOP + plotHeight - 20 * micros.size() - 10;
        for (Map.Entry<String, Histogram> entry : micros.entrySet()) {
            Histogram h = entry.getValue();
            Color color = COLORS.getOrDefault(entry.getKey(), Color.GRAY);
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            Path2D curve = new Path2D.Double();
            boolean started = false;
            for (HistogramIterationValue value : h.recordedValues()) {
                double ms = h.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0;
                double y = TOP + plotHeight - value.getPercentile() / 100 * plotHeight;
                double x = xOf.applyAsDouble(ms);
                if (!started) {
                    curve.moveTo(x, TOP + plotHeight);
                    started = true;
                }
                curve.lineTo(x, y);
            }
            if (started) {
                g.draw(curve);
            }
            g.setStroke(new BasicStroke(1));
            int legendX = LEFT + plotWidth - 330;
            g.fillRect(legendX, legendY - 10, 18, 10);
            g.setColor(INK);
            g.drawString(String.format(Locale.ROOT, "%s  p50 %.1f ms, p99 %.1f ms", entry.getKey(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0), legendX + 26, legendY);
            legendY += 20;
        }
        write(image, g, file);
    }

    private static double figure(BenchSummary summary, Variant variant) {
        return summary.variants().stream().filter(v -> v.variant().equals(variant.label()))
                .mapToDouble(BenchSummary.VariantFigures::throughput).findFirst().orElse(0);
    }

    private static void targetLine(Graphics2D g, double value, double top, int plotHeight, String label) {
        int y = y(value, top, plotHeight);
        g.setColor(TARGET);
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        labelBox(g, label + String.format(Locale.ROOT, " = %,.0f", value), WIDTH - RIGHT - 4, y - 5);
    }

    private static void yAxis(Graphics2D g, double top, int plotHeight, String unit) {
        g.setFont(font(Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double value = top * i / 5;
            int y = y(value, top, plotHeight);
            g.setColor(GRID);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(INK);
            rightAligned(g, String.format(Locale.ROOT, "%,.0f", value), LEFT - 8, y + 4);
        }
        g.drawString(unit, 10, TOP - 12);
        axes(g, WIDTH - LEFT - RIGHT, plotHeight);
    }

    private static void axes(Graphics2D g, int plotWidth, int plotHeight) {
        g.setColor(INK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
    }

    private static int y(double value, double top, int plotHeight) {
        return TOP + plotHeight - (int) Math.round(value / top * plotHeight);
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

    private static String number(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        return g;
    }

    private static void title(Graphics2D g, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 17));
        g.drawString(title, LEFT, 26);
        g.setFont(font(Font.PLAIN, 11));
        g.drawString(subtitle, LEFT, 45);
    }

    private static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    private static void centered(Graphics2D g, String text, int x, int y) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, x - metrics.stringWidth(text) / 2, y);
    }

    // right-aligned at x, on white so that bars and curves behind do not hide it
    private static void labelBox(Graphics2D g, String text, int x, int y) {
        FontMetrics metrics = g.getFontMetrics();
        int width = metrics.stringWidth(text);
        Color color = g.getColor();
        g.setColor(Color.WHITE);
        g.fillRect(x - width - 3, y - metrics.getAscent(), width + 6, metrics.getAscent() + metrics.getDescent());
        g.setColor(color);
        g.drawString(text, x - width, y);
    }

    private static void rightAligned(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text), y);
    }

    private static void write(BufferedImage image, Graphics2D g, Path file) {
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
