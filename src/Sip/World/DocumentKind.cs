namespace Sip.World;

/// <summary>The four genres of TinyWorld documents; written lowercase in JSONL.</summary>
public enum DocumentKind { Biography, News, Dialogue, Story }
