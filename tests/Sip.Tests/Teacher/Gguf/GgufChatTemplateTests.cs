using LLama;
using LLama.Common;
using Sip.Data.Tokenization;
using Sip.Teacher.Gguf;

namespace Sip.Tests.Teacher.Gguf;

/// <summary>How messages become the prompt text: the plain template, llama.cpp's named templates, and the refusals.</summary>
[Collection(TinyGgufCollection.Name)]
public sealed class GgufChatTemplateTests(TinyGgufModel model)
{
    private static readonly ChatTurn[] Conversation = [new("system", "Be brief."), new("user", "Is this safe?")];

    [Fact]
    public void Plain_LabelsEachRole_AndOpensTheAnswer()
    {
        Assert.Equal("System: Be brief.\n\nUser: Is this safe?\n\nAssistant: ", GgufChatTemplate.Plain.Render(Conversation));
    }

    [Fact]
    public void Plain_WithAPrefilledAnswer_EndsInsideIt()
    {
        Assert.Equal("User: Is this safe?\n\nAssistant: Yes, be", GgufChatTemplate.Plain.Render([Conversation[1], new("assistant", "Yes, be")]));
    }

    [Fact]
    public void Chatml_ByName_IsLlamaCppsTemplate()
    {
        using var weights = Load();
        var chatml = GgufChatTemplate.Resolve("chatml", weights.NativeHandle, model.Path);

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nIs this safe?<|im_end|>\n<|im_start|>assistant\n", chatml.Render(Conversation));
        Assert.Equal("<|im_start|>user\nIs this safe?<|im_end|>\n<|im_start|>assistant\nYes, be", chatml.Render([Conversation[1], new("assistant", "Yes, be")]));
    }

    [Fact]
    public void Llama3_ByName_IsLlamaCppsTemplate()
    {
        using var weights = Load();
        var llama3 = GgufChatTemplate.Resolve("llama3", weights.NativeHandle, model.Path);

        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\nIs this safe?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            llama3.Render([Conversation[1]]));
    }

    [Fact]
    public void ModelTemplate_OfAModelWithoutOne_IsRefusedWithTheSettingToChange()
    {
        using var weights = Load();
        var error = Assert.Throws<SipInputException>(() => GgufChatTemplate.Resolve("model", weights.NativeHandle, model.Path));
        Assert.StartsWith("chatTemplate:", error.Message);
        Assert.Contains("no tokenizer.chat_template", error.Message);
    }

    [Fact]
    public void UnknownTemplateName_IsRefused()
    {
        using var weights = Load();
        var error = Assert.Throws<SipInputException>(() => GgufChatTemplate.Resolve("no-such-template", weights.NativeHandle, model.Path));
        Assert.Contains("knows no chat template 'no-such-template'", error.Message);
    }

    private LLamaWeights Load() => LLamaWeights.LoadFromFile(new ModelParams(model.Path) { ContextSize = 64, GpuLayerCount = 0 });
}
