package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostRowsTest {
    private static final int[] DIMS = {0, 3, 4, 9, 10};

    private static double[] mean() {
        return new double[] {0.5, -1, 2, 0, 0, 0, 0, 0, 0, 3, -0.25};
    }

    private static double[] std() {
        return new double[] {2, 1, 0.5, 1, 4, 1, 1, 1, 1, 0.1, 3};
    }

    /** (x[start:end, DIMS] - mean) / std computed element by element through ND4J's getDouble. */
    private static double[][] expected(INDArray x, int start, int end) {
        double[][] e = new double[end - start][DIMS.length];
        for (int i = start; i < end; i++) {
            for (int j = 0; j < DIMS.length; j++) {
                e[i - start][j] = (x.getDouble(i, DIMS[j]) - mean()[DIMS[j]]) / std()[DIMS[j]];
            }
        }
        return e;
    }

    private static INDArray random(DataType type, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = Math.round(random.nextGaussian() * 1000) / 100.0;
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    @Test
    void gatheredColumnsMatchElementwiseWhiteningForEveryLayoutAndType() {
        INDArray doubles = random(DataType.DOUBLE, 700, 11, 1);
        INDArray floats = random(DataType.FLOAT, 700, 11, 2);
        INDArray fortran = random(DataType.DOUBLE, 700, 11, 3).dup('f');
        INDArray ints = random(DataType.DOUBLE, 700, 11, 4).muli(100).castTo(DataType.INT);
        INDArray wide = random(DataType.FLOAT, 900, 20, 5);
        INDArray columnView = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 14)); // strided rows
        for (INDArray x : new INDArray[] {doubles, floats, fortran, ints, columnView}) {
            for (int[] range : new int[][] {{0, 700}, {5, 6}, {300, 651}}) {
                for (DataType out : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    INDArray got = NdbReference.whitenedColumns(x, range[0], range[1], DIMS, mean(), std(), out);
                    double[][] e = expected(x, range[0], range[1]);
                    assertThat(got.dataType()).isEqualTo(out);
                    double tolerance = out == DataType.FLOAT || x.dataType() == DataType.FLOAT ? 1e-5 : 1e-12;
                    for (int i = 0; i < e.length; i++) {
                        for (int j = 0; j < DIMS.length; j++) {
                            assertThat(got.getDouble(i, j))
                                    .as(
                                            "%s %s rows %d..%d -> %s at (%d, %d)",
                                            x.dataType(), x.ordering(), range[0], range[1], out, i, j)
                                    .isCloseTo(e[i][j], within(tolerance * Math.max(1, Math.abs(e[i][j]))));
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowViewsAreReadInPlaceFromTheirOffset() {
        INDArray x = random(DataType.FLOAT, 50, 11, 6);
        INDArray view = x.get(NDArrayIndex.interval(20, 30), NDArrayIndex.all());
        assertThat(HostRows.readableInPlace(view)).isTrue();
        INDArray got = NdbReference.whitenedColumns(view, 2, 7, DIMS, mean(), std(), DataType.DOUBLE);
        double[][] e = expected(x, 22, 27);
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < DIMS.length; j++) {
                assertThat(got.getDouble(i, j)).isCloseTo(e[i][j], within(1e-5 * Math.max(1, Math.abs(e[i][j]))));
            }
        }
    }
}
