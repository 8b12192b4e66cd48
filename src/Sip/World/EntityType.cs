namespace Sip.World;

/// <summary>The kinds of things TinyWorld knows about.</summary>
public enum EntityType { Person, Town, River, Region, Animal, Invention }

/// <summary>Grammatical gender of a person; decides "he"/"she". Other entities are "it".</summary>
public enum Gender { Neuter, Male, Female }

/// <summary>How an attribute's value is written: another entity's name, a year, or a word from a closed list.</summary>
public enum ValueKind { Entity, Year, Word }
