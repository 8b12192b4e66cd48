namespace Sip.Teacher.Prompts;

/// <summary>The questions a teacher answers; each has its own template, sampling settings and verdict format.</summary>
public enum TeacherTask
{
    /// <summary>Pointwise safety: <c>FINAL DECISION: YES|NO</c>, YES = safe.</summary>
    Safety,

    /// <summary>Pairwise quality: <c>Conclusion: Option 1|2</c>.</summary>
    Quality,

    /// <summary>Pointwise factuality with reference: JSON <c>{"reasoning": ..., "label": ...}</c>.</summary>
    Factuality,

    /// <summary>Suffix rewriting: free text that continues the prefix.</summary>
    Rewrite,

    /// <summary>Pairwise coherence (paper §7, evaluation): which text repeats itself less, a final line <c>A</c>, <c>B</c> or <c>TIE</c>.</summary>
    Coherence,
}

/// <summary>A built-in set of prompt templates.</summary>
public enum TemplateSet
{
    /// <summary>sip's full wording of the paper's prompts, for prompted general models (<see cref="DefaultTemplates"/>).</summary>
    Default,

    /// <summary>Short prompts for small teachers post-trained on them (<see cref="CompactTemplates"/>).</summary>
    Compact,
}
