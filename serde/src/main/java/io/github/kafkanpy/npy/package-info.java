/**
 * The NPY and NPZ formats, with no Kafka in here: {@link io.github.kafkanpy.npy.Npy} reads and
 * writes one array exactly as {@code np.save} and {@code np.load} do, {@link io.github.kafkanpy.npy.Npz}
 * several named arrays as {@code np.savez} and {@code np.savez_compressed} do, and
 * {@link io.github.kafkanpy.npy.NdArray} is the immutable array they read and write, with its
 * {@link io.github.kafkanpy.npy.DType}. Every refusal of malformed input is an
 * {@link io.github.kafkanpy.npy.NpyFormatException} naming the problem and its byte offset.
 *
 * <pre>{@code
 * byte[] npy = Npy.toBytes(NdArray.of(new float[] {1, 2, 3, 4}, 2, 2));
 * NdArray back = Npy.read(npy);      // a read-only view of the bytes
 * }</pre>
 */
package io.github.kafkanpy.npy;
