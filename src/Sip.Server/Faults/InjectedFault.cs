namespace Sip.Server.Faults;

/// <summary>The fault a request drew, carried as an HTTP feature from <see cref="FaultMiddleware"/> to the counts.</summary>
internal sealed record InjectedFault(FaultDraw Draw);
