using static TorchSharp.torch;

namespace Sip.Training.Running;

/// <summary>A libtorch random generator's state as text, for <c>trainer.json</c>: how a sampler resumes exactly.</summary>
public static class GeneratorState
{
    public static string Save(Generator generator)
    {
        using var state = generator.get_state();
        return Convert.ToBase64String(state.bytes);
    }

    /// <summary>Restores <paramref name="saved"/>; a corrupt state is a <see cref="SipInputException"/> naming <paramref name="file"/> and <paramref name="field"/>.</summary>
    public static void Restore(Generator generator, string saved, string file, string field)
    {
        try
        {
            var bytes = Convert.FromBase64String(saved);
            // libtorch checks the size itself, but TorchSharp does not catch that error: the process would abort.
            using (var current = generator.get_state())
                if (bytes.Length != current.NumberOfElements)
                    throw new FormatException($"{bytes.Length} bytes where a generator's state has {current.NumberOfElements}");
            using var state = empty(bytes.Length, ScalarType.Byte);
            state.bytes = bytes;
            generator.set_state(state);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Runtime.InteropServices.ExternalException)
        {
            throw new SipInputException(file, null, $"{field}: not a random generator's saved state ({e.Message.Split('\n')[0]})", e);
        }
    }
}
