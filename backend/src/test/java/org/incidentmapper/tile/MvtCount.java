package org.incidentmapper.tile;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Mapbox Vector Tile (protobuf, spec 2.1) far enough to add up one integer attribute over the features of
 * one layer: for tests that check thousands of tiles, where starting ogrinfo per tile would take minutes.
 * TileGridTest checks it against ogrinfo's reading of the same tiles.
 */
final class MvtCount {

    private MvtCount() {
    }

    /** The sum of attribute {@code key} over layer {@code layer}'s features, and the number of features. */
    static long[] sum(byte[] tile, String layer, String key) {
        long total = 0;
        long features = 0;
        Reader tileReader = new Reader(tile);
        while (tileReader.more()) {
            int tag = (int) tileReader.varint();
            if (tag >>> 3 != 3) {
                tileReader.skip(tag);
                continue;
            }
            Reader l = new Reader(tileReader.bytes());
            String name = null;
            List<String> keys = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            List<byte[]> featureBytes = new ArrayList<>();
            while (l.more()) {
                int t = (int) l.varint();
                switch (t >>> 3) {
                    case 1 -> name = new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                    case 2 -> featureBytes.add(l.bytes());
                    case 3 -> keys.add(new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8));
                    case 4 -> values.add(integer(l.bytes()));
                    default -> l.skip(t);
                }
            }
            if (!layer.equals(name)) {
                continue;
            }
            for (byte[] f : featureBytes) {
                features++;
                Reader fr = new Reader(f);
                while (fr.more()) {
                    int t = (int) fr.varint();
                    if (t >>> 3 != 2) {
                        fr.skip(t);
                        continue;
                    }
                    Reader tags = new Reader(fr.bytes());
                    while (tags.more()) {
                        int k = (int) tags.varint();
                        int v = (int) tags.varint();
                        if (keys.get(k).equals(key)) {
                            total += values.get(v);
                        }
                    }
                }
            }
        }
        return new long[] {total, features};
    }

    /** An integer Value (int, uint or sint); other kinds as 0. */
    private static Long integer(byte[] value) {
        Reader r = new Reader(value);
        long result = 0;
        while (r.more()) {
            int t = (int) r.varint();
            switch (t >>> 3) {
                case 4, 5 -> result = r.varint();
                case 6 -> {
                    long n = r.varint();
                    result = (n >>> 1) ^ -(n & 1);
                }
                default -> r.skip(t);
            }
        }
        return result;
    }

    private static final class Reader {
        private final ByteArrayInputStream in;

        Reader(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        boolean more() {
            return in.available() > 0;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.read();
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        }

        byte[] bytes() {
            byte[] bytes = new byte[(int) varint()];
            in.read(bytes, 0, bytes.length);
            return bytes;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> in.skip(8);
                case 2 -> in.skip(varint());
                case 5 -> in.skip(4);
                default -> throw new IllegalStateException("wire type " + (tag & 7));
            }
        }
    }
}
