package io.github.kafkanpy.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Draws the soak report's two time series, throughput and heap after GC, as one PNG with two panels. */
final class SoakChart {
    private static final int WIDTH = 900;
    private static final int PANEL = 260;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int GAP = 70;

    private SoakChart() {
    }

    static void write(List<SoakReport.Sample> samples, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, TOP + 2 * PANEL + GAP + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxTime = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).seconds();
        panel(g, samples, maxTime, TOP, "throughput (records/s, through the Streams app)", SoakReport.Sample::recordsPerSecond,
                new Color(0x1f77b4));
        panel(g, samples, maxTime, TOP + PANEL + GAP, "heap after GC (MB, whole JVM: brokers, Streams, clients)",
                SoakReport.Sample::heapAfterGcMb, new Color(0xd62728));
        g.setColor(Color.BLACK);
        g.drawString("time (s)", WIDTH / 2, image.getHeight() - 12);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<SoakReport.Sample> samples, double maxTime, int top, String title,
            ToDoubleFunction<SoakReport.Sample> value, Color color) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        double max = samples.stream().mapToDouble(value).filter(Double::isFinite).max().orElse(1);
        double yMax = niceCeiling(max);
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, top - 10);
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int y = top + PANEL - i * PANEL / 4;
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.0f", yMax * i / 4), 10, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + i * plotWidth / 5;
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.0f", maxTime * i / 5), x - 10, top + PANEL + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, top, plotWidth, PANEL);
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int prevX = -1;
        int prevY = -1;
        for (SoakReport.Sample s : samples) {
            double v = value.applyAsDouble(s);
            if (!Double.isFinite(v)) {
                continue;
            }
            int x = LEFT + (int) Math.round(s.seconds() / maxTime * plotWidth);
            int y = top + PANEL - (int) Math.round(v / yMax * PANEL);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            g.fillOval(x - 2, y - 2, 4, 4);
            prevX = x;
            prevY = y;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
