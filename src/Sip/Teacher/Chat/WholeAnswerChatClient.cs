using Microsoft.Extensions.AI;

namespace Sip.Teacher.Chat;

/// <summary>
/// What sip's in-process chat clients (llama.cpp, a sip checkpoint) share: the teachers never stream, so a streamed
/// call is the whole answer as one update, and the client answers for its own type and its metadata only.
/// </summary>
public abstract class WholeAnswerChatClient(ChatClientMetadata metadata) : IChatClient
{
    /// <summary>The provider, the model's location and its default id.</summary>
    protected ChatClientMetadata Metadata { get; } = metadata;

    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The whole answer as one update.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the model.</summary>
    /// <param name="disposing">true from <see cref="Dispose()"/></param>
    protected abstract void Dispose(bool disposing);
}
