using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sip.Teacher;

namespace Sip.World.Oracle;

/// <summary>
/// The oracle judge's source of randomness. Each sample of each request gets its own generator, seeded from a SHA-256
/// digest of (judge seed, sample index, request kind and texts). So a request gets the same answer whenever and
/// however it is asked: alone or in a batch, in any order, in process or over HTTP, from a cache or after a resume.
/// </summary>
public static class RequestDigest
{
    /// <summary>SHA-256 of the request's kind and texts, each text length-prefixed (so no two requests collide by concatenation).</summary>
    public static byte[] Of(JudgeRequest request)
    {
        var (kind, texts) = request switch
        {
            SafetyRequest s => ("safety", new[] { s.Candidate }),
            QualityRequest q => ("quality", new[] { q.Prefix, q.First, q.Second }),
            FactualityRequest f => ("factuality", new[] { f.Prefix, f.Reference, f.Candidate }),
            CoherenceRequest c => ("coherence", new[] { c.Prefix, c.First, c.Second }),
            _ => throw new ArgumentException($"unknown judge request {request.GetType().Name}", nameof(request)),
        };
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, kind);
        foreach (var t in texts) Append(hash, t);
        return hash.GetHashAndReset();
    }

    /// <summary>The generator of sample <paramref name="sample"/> of the request whose digest is <paramref name="digest"/>.</summary>
    public static Rng SampleRng(byte[] digest, ulong seed, int sample)
    {
        Span<byte> buffer = stackalloc byte[digest.Length + 12];
        digest.CopyTo(buffer);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[digest.Length..], seed);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(digest.Length + 8)..], sample);
        Span<byte> mixed = stackalloc byte[32];
        SHA256.HashData(buffer, mixed);
        return new Rng(BinaryPrimitives.ReadUInt64LittleEndian(mixed));
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
