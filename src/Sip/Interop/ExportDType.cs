using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>The floating-point type an export writes its weights in (norms stay fp32 in GGUF whatever is chosen).</summary>
public enum ExportDType
{
    F32,
    F16,
    BF16,
}

/// <summary>Names of <see cref="ExportDType"/> in the formats and on the command line.</summary>
public static class ExportDTypes
{
    public static ScalarType ToScalarType(this ExportDType dtype) => dtype switch
    {
        ExportDType.F16 => ScalarType.Float16,
        ExportDType.BF16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };

    /// <summary>config.json's torch_dtype.</summary>
    public static string TorchName(this ExportDType dtype) => dtype switch
    {
        ExportDType.F16 => "float16",
        ExportDType.BF16 => "bfloat16",
        _ => "float32",
    };

    /// <summary>Parses "f32", "f16" or "bf16" (any case); anything else is a <see cref="SipInputException"/>.</summary>
    public static ExportDType Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "f32" or "fp32" or "float32" => ExportDType.F32,
        "f16" or "fp16" or "float16" => ExportDType.F16,
        "bf16" or "bfloat16" => ExportDType.BF16,
        _ => throw new SipInputException("--dtype", null, $"'{text}' is not f32, f16 or bf16"),
    };
}
