using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sip.Server.Wire;

namespace Sip.Server.Pipeline;

/// <summary>Marks the endpoints that need the API key (the <c>/v1</c> API; not <c>/health</c>, not an unknown route).</summary>
internal sealed class ApiKeyRequired;

/// <summary>
/// Answers HTTP 401 (<c>invalid_api_key</c>) to a request for a <see cref="ApiKeyRequired"/> endpoint without
/// <c>Authorization: Bearer &lt;key&gt;</c>. The key is compared in constant time and never logged.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, string key)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + key);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is null) return next(context);
        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        return CryptographicOperations.FixedTimeEquals(given, _expected)
            ? next(context)
            : JsonReply.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Incorrect API key provided.", code: "invalid_api_key");
    }
}
