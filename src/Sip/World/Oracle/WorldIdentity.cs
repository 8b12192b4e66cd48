using System.Security.Cryptography;
using System.Text;

namespace Sip.World.Oracle;

/// <summary>
/// A short, stable name for a knowledge base: "kb-" and the first 12 hex digits of the SHA-256 of its canonical
/// kb.json text. Part of the oracle's descriptions, so a run judged against one world refuses to resume against another.
/// </summary>
public static class WorldIdentity
{
    public static string Of(KnowledgeBase kb) =>
        "kb-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KnowledgeBaseJson.Serialize(kb))))[..12];
}
