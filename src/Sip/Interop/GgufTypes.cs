namespace Sip.Interop;

/// <summary>The type tag of a GGUF metadata value (the numbers are the file format's).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>The ggml tensor types sip writes or reads (numbers are ggml's <c>ggml_type</c>).</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q8_0 = 8,
    BF16 = 30,
}

/// <summary>Sizes of <see cref="GgmlType"/> data: ggml stores elements in blocks (1 for float types, 32 for Q4_0/Q8_0).</summary>
public static class GgmlTypes
{
    /// <summary>(elements per block, bytes per block), or null for a type sip does not know.</summary>
    public static (int BlockElements, int BlockBytes)? Block(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 or GgmlType.BF16 => (1, 2),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q8_0 => (32, 34),
        _ => null,
    };

    /// <summary>Bytes of a tensor of <paramref name="elements"/> elements whose first dimension is <paramref name="rowLength"/>.</summary>
    public static long ByteSize(GgmlType type, long elements, long rowLength)
    {
        var (blockElements, blockBytes) = Block(type) ?? throw new ArgumentException($"unknown ggml type {(uint)type}", nameof(type));
        if (rowLength % blockElements != 0) throw new ArgumentException($"a {type} row of {rowLength} elements is not a whole number of {blockElements}-element blocks");
        return checked(elements / blockElements * blockBytes);
    }
}
