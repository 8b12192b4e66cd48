namespace Sip.Teacher;

/// <summary>
/// How sip's loops talk to a teacher: the teacher's (possibly remote, asynchronous) work runs on the thread pool, and
/// the loop waits for it on its own thread. So every libtorch call of a training or evaluation loop is made from one
/// long-lived thread: libtorch's OpenMP thread teams are per calling thread, and TorchSharp's dispose scopes and
/// libtorch's grad mode are thread-local, so letting `await` hop the loop between pool threads multiplied thread teams
/// and was followed by a segfault in libtorch (seen once, in a pool worker, mid-run).
/// </summary>
public static class TeacherCalls
{
    /// <summary>Starts <paramref name="call"/> on the thread pool (no caller context is captured, so waiting never deadlocks).</summary>
    public static Task<T> Start<T>(Func<Task<T>> call) => Task.Run(call);

    /// <summary>Runs <paramref name="call"/> on the thread pool and waits for its result on this thread.</summary>
    public static T Run<T>(Func<Task<T>> call) => Start(call).GetAwaiter().GetResult();
}
