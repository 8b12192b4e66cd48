using Sip.Teacher.Chat;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Tests.Server;

/// <summary>A small generated TinyWorld on disk, shared by the serving tests (generation takes well under a second).</summary>
public sealed class ServedWorld : IDisposable
{
    public const string Model = "tinyworld-oracle";

    public ServedWorld()
    {
        Root = Directory.CreateTempSubdirectory("sip-served-").FullName;
        Folder = Path.Combine(Root, "world");
        TinyWorld.Generate(new WorldSettings { Seed = 5, TrainDocuments = 300, ValDocuments = 20, EvalStandard = 12, EvalUnsafe = 12, EvalFacts = 12 }, Folder);
        Teacher = TinyWorldTeacher.Load(Folder);
    }

    public string Root { get; }
    public string Folder { get; }
    public TinyWorldTeacher Teacher { get; }

    /// <summary>A server on an ephemeral loopback port answering for this world's oracle.</summary>
    public TeacherServer Serve(FaultSettings? faults = null, OracleJudgeSettings? oracle = null, Func<ServeSettings, ServeSettings>? adjust = null, Func<string, string?>? environment = null)
    {
        var settings = new ServeSettings { World = Folder, Port = 0, Model = Model, Faults = faults ?? new FaultSettings(), Oracle = oracle ?? new OracleJudgeSettings(), ShutdownGraceSeconds = 2 };
        settings = adjust?.Invoke(settings) ?? settings;
        return TeacherServer.Start(settings, new OracleServedTeacher(Teacher, settings.Oracle), environment);
    }

    /// <summary>Client settings for a server of this world: seed 0 (sample i asks for the oracle's sample i), quick retries.</summary>
    public static ChatTeacherSettings Client(TeacherServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = Model,
        Seed = 0,
        Concurrency = 8,
        TimeoutSeconds = 10,
        Retries = 2,
        RetryDelaySeconds = 0.01,
        RetryMaxDelaySeconds = 0.05,
        MaxOutageSeconds = 0,
    };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
