<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivationsView</name>
    <message>
        <source>Draw a digit to see what each layer makes of it.</source>
        <translation>写一个数字，看看每一层把它变成了什么。</translation>
    </message>
</context>
<context>
    <name>BackpropInspector</name>
    <message>
        <source>Weights from training (the last epoch, or where it paused)</source>
        <translation>训练得到的权重（最近一轮，或暂停处）</translation>
    </message>
    <message>
        <source>The editor&apos;s model, untrained</source>
        <translation>编辑器中的模型（未训练）</translation>
    </message>
    <message>
        <source>The Draw tab&apos;s shipped model</source>
        <translation>“绘制”页自带的模型</translation>
    </message>
    <message>
        <source>test sample </source>
        <translation>测试样本 </translation>
    </message>
    <message>
        <source>Use the drawing</source>
        <translation>使用手写图像</translation>
    </message>
    <message>
        <source>Inspect the digit drawn in the Draw tab</source>
        <translation>检查在“绘制”页写的数字</translation>
    </message>
    <message>
        <source>as digit </source>
        <translation>当作数字 </translation>
    </message>
    <message>
        <source>The class the loss compares a drawing with</source>
        <translation>损失函数把手写图像与哪个类别比较</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>样本：</translation>
    </message>
    <message>
        <source>To the start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <source>The first forward step</source>
        <translation>第一个前向步骤</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>The step before</source>
        <translation>前一个步骤</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>The next step</source>
        <translation>下一个步骤</translation>
    </message>
    <message>
        <source>To the backward</source>
        <translation>跳到反向传播</translation>
    </message>
    <message>
        <source>Jump to the first backward step</source>
        <translation>跳到第一个反向传播步骤</translation>
    </message>
    <message>
        <source>Check gradients</source>
        <translation>检验梯度</translation>
    </message>
    <message>
        <source>Compare this step&apos;s gradients with float64 finite differences</source>
        <translation>用 float64 有限差分检验这一步的梯度</translation>
    </message>
    <message>
        <source>lr </source>
        <translation>学习率 </translation>
    </message>
    <message>
        <source>Reset weights</source>
        <translation>恢复权重</translation>
    </message>
    <message>
        <source>Apply one step</source>
        <translation>执行一步</translation>
    </message>
    <message>
        <source>One step of the optimiser on this sample&apos;s gradients (SGD: θ ← θ − lr · dL/dθ), then run the sample again</source>
        <translation>用这个样本的梯度让优化器走一步（SGD：θ ← θ − lr · dL/dθ），然后重新运行这个样本</translation>
    </message>
    <message>
        <source>Undo the optimiser steps</source>
        <translation>撤销优化器的各步</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Computational graph</source>
        <translation>计算图</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Nothing trained yet: train the model in the Train tab (its weights arrive here after every epoch), or inspect it untrained.</source>
        <translation>还没有训练：在“训练”页训练模型（每轮训练之后权重会传到这里），或者检查未训练的模型。</translation>
    </message>
    <message>
        <source>The model cannot be loaded: {error}</source>
        <translation>无法加载模型：{error}</translation>
    </message>
    <message>
        <source>Cannot run this sample: {error}</source>
        <translation>无法运行这个样本：{error}</translation>
    </message>
    <message>
        <source>Draw a digit in the Draw tab first (it needs a model of 28×28 digits).</source>
        <translation>请先在“绘制”页写一个数字（需要一个读取 28×28 数字图像的模型）。</translation>
    </message>
    <message>
        <source>the drawing, as digit {label}</source>
        <translation>手写图像，当作数字 {label}</translation>
    </message>
    <message>
        <source>forward {layer}</source>
        <translation>前向 {layer}</translation>
    </message>
    <message>
        <source>backward {number}: {name}</source>
        <translation>反向 {number}：{name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Forward, {layer}&lt;/b&gt; — {module}</source>
        <translation>&lt;b&gt;前向，{layer}&lt;/b&gt; — {module}</translation>
    </message>
    <message>
        <source>loss = {loss:.6g}</source>
        <translation>损失 = {loss:.6g}</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source># the forward of {module}</source>
        <translation># {module} 的前向计算</translation>
    </message>
    <message>
        <source>&lt;b&gt;Backward {number} of {count}: {name}&lt;/b&gt;, in layer {layer}</source>
        <translation>&lt;b&gt;反向第 {number} 步（共 {count} 步）：{name}&lt;/b&gt;，属于层 {layer}</translation>
    </message>
    <message>
        <source>input x: {name}</source>
        <translation>输入 x：{name}</translation>
    </message>
    <message>
        <source>output y</source>
        <translation>输出 y</translation>
    </message>
    <message>
        <source>dL/dy (received)</source>
        <translation>dL/dy（收到的）</translation>
    </message>
    <message>
        <source>dL/d {name} (sent)</source>
        <translation>dL/d {name}（传出的）</translation>
    </message>
    <message>
        <source>Checking with finite differences in float64…</source>
        <translation>正在用 float64 有限差分检验…</translation>
    </message>
    <message>
        <source>The check failed: {error}</source>
        <translation>检验失败：{error}</translation>
    </message>
    <message>
        <source>agree</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>DIFFER</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>{label}: largest difference {diff:.2e} (gradients up to {scale:.2e}) over {n} entries: {verdict}</source>
        <translation>{label}：在 {n} 个元素上最大差 {diff:.2e}（梯度最大 {scale:.2e}）：{verdict}</translation>
    </message>
    <message>
        <source>; {k} entries left out where the function has a kink (a tie in a max, relu at 0)</source>
        <translation>；{k} 个元素处函数不可导（最大值并列、relu 在 0 处），未参与比较</translation>
    </message>
    <message>
        <source>backward, at the {n} entries checked</source>
        <translation>反向传播，被检验的 {n} 个元素</translation>
    </message>
    <message>
        <source>finite differences, the same entries</source>
        <translation>有限差分，同样的元素</translation>
    </message>
    <message>
        <source> (the largest at {index}: {a:.6g} and {b:.6g})</source>
        <translation>（最大差在 {index}：{a:.6g} 与 {b:.6g}）</translation>
    </message>
    <message>
        <source>This layer is made of {n} autograd nodes: the check covers the whole layer.</source>
        <translation>这一层由 {n} 个 自动求导节点组成：检验针对整个层。</translation>
    </message>
    <message>
        <source>One {optimizer} step with lr {lr:g}: loss {before:.6g} → {after:.6g}</source>
        <translation>学习率 {lr:g} 的一步 {optimizer}：损失 {before:.6g} → {after:.6g}</translation>
    </message>
    <message>
        <source>; predicted class {a} → {b} (output {va:.4g} → {vb:.4g} for class {target})</source>
        <translation>；预测类别 {a} → {b}（类别 {target} 的输出 {va:.4g} → {vb:.4g}）</translation>
    </message>
</context>
<context>
    <name>CanvasPanel</name>
    <message>
        <source>The model the canvas reads with: the CNN shipped with the app, the model trained last in the Train tab, or weights loaded from a file</source>
        <translation>画板用来识别的模型：程序自带的 CNN、在“训练”页最近训练的模型，或从文件载入的权重</translation>
    </message>
    <message>
        <source>Load &amp;weights…</source>
        <translation>载入权重(&amp;W)…</translation>
    </message>
    <message>
        <source>Read with weights from a safetensors file (mtorch&apos;s or PyTorch&apos;s) for the open architecture</source>
        <translation>用 safetensors 文件（mtorch 或 PyTorch 保存的）中的权重和当前打开的网络结构来识别</translation>
    </message>
    <message>
        <source>Load weights…</source>
        <translation>载入权重…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear the canvas (Delete, Escape)</source>
        <translation>清空画板（Delete、Esc）</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>撤销一笔</translation>
    </message>
    <message>
        <source>Remove the last stroke (Ctrl+Z)</source>
        <translation>去掉最后一笔（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Random test image</source>
        <translation>随机测试图像</translation>
    </message>
    <message>
        <source>Next mistake</source>
        <translation>下一个错例</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>&amp;Brush size:</source>
        <translation>笔刷大小(&amp;B)：</translation>
    </message>
    <message>
        <source>Weights and checkpoints (*.safetensors *.ckpt);;All files (*)</source>
        <translation>权重和检查点 (*.safetensors *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This is a sequence model (sin → cos): it cannot read drawings, so its predictions on sine curves are shown instead. Choose “Shipped CNN” above (or train a digit classifier) to draw again.</source>
        <translation>这是一个序列模型（sin → cos）：它无法识别手写图，因此这里改为显示它在正弦曲线上的预测。在上方选择“自带 CNN”（或训练一个数字分类器）即可重新书写。</translation>
    </message>
    <message>
        <source>This model reads 2-D points, not images: click on the map to add one.</source>
        <translation>这个模型读入的是二维点，而不是图像：在图上点击即可添加一个点。</translation>
    </message>
    <message>
        <source>There is no model to read images with.</source>
        <translation>没有可用来识别图像的模型。</translation>
    </message>
    <message>
        <source>{data} test image {index}, labelled {label}</source>
        <translation>{data} 测试图像 {index}，标签为 {label}</translation>
    </message>
    <message>
        <source>Cannot load the test images of {data}: {error}</source>
        <translation>无法载入 {data} 的测试图像：{error}</translation>
    </message>
    <message>
        <source>Loading the test images of {data}…</source>
        <translation>正在加载 {data} 的测试图像…</translation>
    </message>
    <message>
        <source>There is no model to look for mistakes with.</source>
        <translation>没有可用来查找错例的模型。</translation>
    </message>
    <message>
        <source>Looking for the test images this model reads wrongly…</source>
        <translation>正在查找这个模型认错的测试图像…</translation>
    </message>
    <message>
        <source>Looking for the test images this model reads wrongly… {done}</source>
        <translation>正在查找这个模型认错的测试图像… {done}</translation>
    </message>
    <message>
        <source>true label: {label}</source>
        <translation>真实标签：{label}</translation>
    </message>
    <message>
        <source>what the network sees</source>
        <translation>网络看到的图像</translation>
    </message>
    <message>
        <source>The image the network receives, at its own size</source>
        <translation>网络收到的图像（按它自己的尺寸）</translation>
    </message>
    <message>
        <source>The probability of each class</source>
        <translation>每个类别的概率</translation>
    </message>
    <message>
        <source>Load a random image from the dataset&apos;s test set</source>
        <translation>从数据集的测试集中随机载入一张图像</translation>
    </message>
    <message>
        <source>Load the next test image the model reads wrongly, with its true label</source>
        <translation>载入模型认错的下一张测试图像，并显示其真实标签</translation>
    </message>
    <message>
        <source>How thick the ink is, on the canvas and in the image the network reads ({default} px gives MNIST&apos;s usual stroke width)</source>
        <translation>笔迹的粗细，画板上和网络读入的图像中都一样（{default} 像素相当于 MNIST 通常的笔画宽度）</translation>
    </message>
    <message>
        <source>Ink colour…</source>
        <translation>墨水颜色…</translation>
    </message>
    <message>
        <source>The colour to draw with (colour images)</source>
        <translation>书写用的颜色（彩色图像）</translation>
    </message>
    <message>
        <source>Inside the network (click a layer to enlarge it):</source>
        <translation>网络内部（点击某一层可放大）：</translation>
    </message>
    <message>
        <source>&amp;Read with:</source>
        <translation>识别所用模型(&amp;R)：</translation>
    </message>
    <message>
        <source>The default model could not be loaded ({error}). Train a model in the Train tab.</source>
        <translation>无法载入默认模型（{error}）。请在“训练”页训练一个模型。</translation>
    </message>
    <message>
        <source>Load weights</source>
        <translation>载入权重</translation>
    </message>
    <message>
        <source>Cannot load the weights</source>
        <translation>无法载入权重</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source> (test accuracy {accuracy})</source>
        <translation>（测试准确率 {accuracy}）</translation>
    </message>
    <message>
        <source>Draw here</source>
        <translation>在这里画</translation>
    </message>
    <message>
        <source>Ink colour</source>
        <translation>墨水颜色</translation>
    </message>
    <message>
        <source>{source}. Draw to replace it.</source>
        <translation>{source}。书写即可替换它。</translation>
    </message>
    <message>
        <source>An image from the Train tab</source>
        <translation>来自“训练”页的图像</translation>
    </message>
    <message>
        <source>This image has {size} values; the model reads images of {shape}.</source>
        <translation>这张图像有 {size} 个数值；模型读入的图像是 {shape}。</translation>
    </message>
    <message>
        <source>This is a sequence model (sin → cos): it cannot read images. Choose “Shipped CNN” above (or train a digit classifier) to read this one.</source>
        <translation>这是一个序列模型（sin → cos）：它无法识别图像。在上方选择“自带 CNN”（或训练一个数字分类器）来识别这张图。</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>写一个数字</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <source>This model reads every test image correctly.</source>
        <translation>这个模型认对了所有测试图像。</translation>
    </message>
    <message>
        <source>Mistake {n} of {count}: {data} test image {index}, labelled {label}, read as {predicted}</source>
        <translation>错例 {n}/{count}：{data} 测试图像 {index}，标签为 {label}，被认成 {predicted}</translation>
    </message>
    <message>
        <source>Draw something</source>
        <translation>画点什么</translation>
    </message>
    <message>
        <source>{confidence} sure</source>
        <translation>把握 {confidence}</translation>
    </message>
    <message>
        <source>not sure ({confidence})</source>
        <translation>没有把握（{confidence}）</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Confusion matrix (test set)</source>
        <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
        <source>true digit</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <source>predicted digit</source>
        <translation>预测数字</translation>
    </message>
    <message>
        <source>Accuracy per class (test set)</source>
        <translation>各类别准确率（测试集）</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>数字</translation>
    </message>
</context>
<context>
    <name>DataExplorer</name>
    <message>
        <source>Open dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>Dataset options…</source>
        <translation>数据集选项…</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Samples per class (train, validation, test)</source>
        <translation>各类别的样本数（训练集、验证集、测试集）</translation>
    </message>
    <message>
        <source>Training samples, one row per class</source>
        <translation>训练样本，每个类别一行</translation>
    </message>
    <message>
        <source>Mean image per class</source>
        <translation>各类别的平均图像</translation>
    </message>
    <message>
        <source>Training samples</source>
        <translation>训练样本</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Open dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>Train on a folder of images, a CSV table or an .npz file</source>
        <translation>用图像文件夹、CSV 表格或 .npz 文件训练</translation>
    </message>
    <message>
        <source>Dataset &amp;options…</source>
        <translation>数据集选项(&amp;O)…</translation>
    </message>
    <message>
        <source>Image size and colour, label column, noise, points, test share, seed</source>
        <translation>图像尺寸和颜色、标签列、噪声、点数、测试集比例、随机种子</translation>
    </message>
    <message>
        <source>&amp;Recent datasets</source>
        <translation>最近的数据集(&amp;R)</translation>
    </message>
    <message>
        <source>Cannot use the dataset</source>
        <translation>无法使用该数据集</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>{summary} · split {train:,} / {val:,} / {test:,}</source>
        <translation>{summary} · 划分 {train:,} / {val:,} / {test:,}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Rows, top to bottom: {names}</source>
        <translation>各行自上而下：{names}</translation>
    </message>
    <message>
        <source>Left to right: {names}</source>
        <translation>自左至右：{names}</translation>
    </message>
    <message>
        <source>Training samples (the two features)</source>
        <translation>训练样本（两个特征）</translation>
    </message>
    <message>
        <source>Training samples on their first two principal components ({a:.0%} and {b:.0%} of the variance)</source>
        <translation>训练样本在前两个主成分上的投影（分别解释 {a:.0%} 和 {b:.0%} 的方差）</translation>
    </message>
    <message>
        <source>Augmentation while training (images)</source>
        <translation>训练时的数据增强（图像）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Move each image by up to this many pixels, up or down and sideways</source>
        <translation>把每张图像上下左右最多平移这么多像素</translation>
    </message>
    <message>
        <source>Turn each image by up to this many degrees, either way</source>
        <translation>把每张图像向任一方向最多旋转这么多度</translation>
    </message>
    <message>
        <source>Grow or shrink each image by up to this fraction</source>
        <translation>把每张图像最多放大或缩小这个比例</translation>
    </message>
    <message>
        <source>Add Gaussian noise of this standard deviation (pixels are in [0, 1])</source>
        <translation>加入这个标准差的高斯噪声（像素值在 [0, 1] 之间）</translation>
    </message>
    <message>
        <source>Random shift</source>
        <translation>随机平移</translation>
    </message>
    <message>
        <source>Random rotation</source>
        <translation>随机旋转</translation>
    </message>
    <message>
        <source>Random scale</source>
        <translation>随机缩放</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Left: training samples as they are; right: augmented copies, as a training batch sees them</source>
        <translation>左：原样的训练样本；右：增强后的副本，即训练批次看到的样子</translation>
    </message>
    <message>
        <source>New examples</source>
        <translation>换一批示例</translation>
    </message>
</context>
<context>
    <name>DatasetDialog</name>
    <message>
        <source>Open dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Dataset options</source>
        <translation>数据集选项</translation>
    </message>
    <message>
        <source>A folder of class folders of images, a .csv table or an .npz file</source>
        <translation>按类别分子文件夹的图像文件夹、.csv 表格或 .npz 文件</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>(the last column)</source>
        <translation>（最后一列）</translation>
    </message>
    <message>
        <source>Comma-separated, from: {names}</source>
        <translation>用逗号分隔，可选：{names}</translation>
    </message>
    <message>
        <source>Image size (pixels)</source>
        <translation>图像尺寸（像素）</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Open image folder</source>
        <translation>打开图像文件夹</translation>
    </message>
    <message>
        <source>Open table or arrays</source>
        <translation>打开表格或数组</translation>
    </message>
    <message>
        <source>Tables and arrays (*.csv *.npz);;All files (*)</source>
        <translation>表格和数组 (*.csv *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
</context>
<context>
    <name>DigitCanvas</name>
    <message>
        <source>Digit drawing area</source>
        <translation>数字书写区</translation>
    </message>
    <message>
        <source>Draw a digit. Right-click, Delete or Escape clears; Ctrl+Z undoes the last stroke.</source>
        <translation>在这里写一个数字。右键、Delete 或 Esc 清空；Ctrl+Z 撤销上一笔。</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里写一个数字</translation>
    </message>
</context>
<context>
    <name>EditorWidget</name>
    <message>
        <source>The model&apos;s name (used in exported code); click to rename</source>
        <translation>模型名称（用于导出的代码）；点击可重命名</translation>
    </message>
    <message>
        <source>The data the model is trained on; it sets the input shape</source>
        <translation>训练模型所用的数据，它决定输入形状</translation>
    </message>
    <message>
        <source>New from preset</source>
        <translation>从预设新建</translation>
    </message>
    <message>
        <source>Start a new untitled model from a ready-made one (the open file stays as it is)</source>
        <translation>用现成的模型新建一个未命名模型（打开的文件保持不变）</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Delete layer</source>
        <translation>删除层</translation>
    </message>
    <message>
        <source>Duplicate layer</source>
        <translation>复制层</translation>
    </message>
    <message>
        <source>Move layer up</source>
        <translation>上移层</translation>
    </message>
    <message>
        <source>Move layer down</source>
        <translation>下移层</translation>
    </message>
    <message>
        <source>New from &amp;preset</source>
        <translation>从预设新建(&amp;P)</translation>
    </message>
    <message>
        <source>{n} layers on {data}, {loss} + {optimizer}</source>
        <translation>{n} 层，数据：{data}，{loss} + {optimizer}</translation>
    </message>
    <message>
        <source>Your own data: Data › Open dataset…</source>
        <translation>你自己的数据：数据 › 打开数据集…</translation>
    </message>
    <message>
        <source>Input per sample: &lt;b&gt;{shape}&lt;/b&gt; · {data}</source>
        <translation>每个样本的输入：&lt;b&gt;{shape}&lt;/b&gt; · {data}</translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation>可以训练</translation>
    </message>
    <message>
        <source>output {shape} · {params:,} parameters · {memory} of weights</source>
        <translation>输出 {shape} · {params:,} 个参数 · 权重占 {memory}</translation>
    </message>
    <message>
        <source>Every layer fits; the output matches the dataset</source>
        <translation>每一层的形状都衔接得上，输出与数据集相符</translation>
    </message>
</context>
<context>
    <name>EmbeddingMap</name>
    <message>
        <source>Train a classifier: after every epoch the test set&apos;s activations at the last layer&apos;s input are projected here by PCA, one colour per class.</source>
        <translation>训练一个分类器：每轮训练之后，测试集在最后一层输入处的激活值用主成分分析投影到这里，每个类别一种颜色。</translation>
    </message>
    <message>
        <source>Click a point to see its sample.</source>
        <translation>点击一个点查看它的样本。</translation>
    </message>
    <message>
        <source>The embedding map needs a classifier: this dataset is a regression.</source>
        <translation>嵌入图需要分类器：这个数据集是回归问题。</translation>
    </message>
    <message>
        <source>Epoch {epoch}: {n} test samples, the input of layer {layer} projected on its first two principal components ({pc1:.0%} and {pc2:.0%} of the variance)</source>
        <translation>第 {epoch} 轮：{n} 个测试样本，层 {layer} 的输入投影到前两个主成分上（分别解释 {pc1:.0%} 和 {pc2:.0%} 的方差）</translation>
    </message>
    <message>
        <source>test sample {index}: class {label}, predicted {predicted}</source>
        <translation>测试样本 {index}：类别 {label}，预测为 {predicted}</translation>
    </message>
</context>
<context>
    <name>EpochViews</name>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入图</translation>
    </message>
    <message>
        <source>These views could not be computed: {error}</source>
        <translation>无法计算这些视图：{error}</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>PyTorch &amp;training script…</source>
        <translation>PyTorch 训练脚本(&amp;T)…</translation>
    </message>
    <message>
        <source>A PyTorch script that trains this model with its settings, on a GPU or distributed with torchrun</source>
        <translation>按本模型的设置训练它的 PyTorch 脚本，可在 GPU 上运行，或用 torchrun 分布式运行</translation>
    </message>
    <message>
        <source>&amp;ONNX…</source>
        <translation>ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>The model with its trained weights as ONNX, for onnxruntime or Netron</source>
        <translation>把模型及其训练好的权重导出为 ONNX，供 onnxruntime 或 Netron 使用</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Fix the model first: {error}</source>
        <translation>请先修正模型：{error}</translation>
    </message>
    <message>
        <source>Export a PyTorch training script</source>
        <translation>导出 PyTorch 训练脚本</translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Cannot write {file}: {error}</source>
        <translation>无法写入 {file}：{error}</translation>
    </message>
    <message>
        <source>Exported {file}: run it with python or torchrun</source>
        <translation>已导出 {file}：用 python 或 torchrun 运行</translation>
    </message>
    <message>
        <source>Export as ONNX</source>
        <translation>导出为 ONNX</translation>
    </message>
    <message>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX 文件 (*.onnx)</translation>
    </message>
    <message>
        <source>Exporting ONNX needs the onnx package: pip install onnx</source>
        <translation>导出 ONNX 需要 onnx 包：pip install onnx</translation>
    </message>
    <message>
        <source>Exported {file} with the weights of the last training run</source>
        <translation>已导出 {file}，带有最近一次训练的权重</translation>
    </message>
    <message>
        <source>Exported {file} with untrained weights: train the model first to export what it learns</source>
        <translation>已导出 {file}，但权重未经训练：先训练模型，才能导出它学到的东西</translation>
    </message>
</context>
<context>
    <name>FirstLayerView</name>
    <message>
        <source>Train a model to see what its first layer looks for.</source>
        <translation>训练一个模型，看看它的第一层在寻找什么。</translation>
    </message>
    <message>
        <source>{caption} (bright = positive weight, dark = negative)</source>
        <translation>{caption}（亮 = 正权重，暗 = 负权重）</translation>
    </message>
</context>
<context>
    <name>HistogramsView</name>
    <message>
        <source>Train a model: each epoch adds a histogram of every layer&apos;s weights and of their gradients on a fixed batch of 256 training samples.</source>
        <translation>训练一个模型：每轮训练为每层的权重，以及它们在固定的 256 个训练样本上的梯度，各添加一个直方图。</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Parameter:</source>
        <translation>参数：</translation>
    </message>
</context>
<context>
    <name>LRFinderDialog</name>
    <message>
        <source>Find a learning rate: {name}</source>
        <translation>寻找学习率：{name}</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Use this learning rate</source>
        <translation>使用此学习率</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Training with a learning rate rising from 1e-7 to 10…</source>
        <translation>以从 1e-7 升到 10 的学习率训练…</translation>
    </message>
    <message>
        <source>The loss did not fall: no learning rate to suggest. Check the model and the loss.</source>
        <translation>损失没有下降：无可建议的学习率。请检查模型和损失函数。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {lr:.2g} (where the loss falls fastest).</source>
        <translation>建议学习率：{lr:.2g}（损失下降最快处）。</translation>
    </message>
    <message>
        <source>Use {lr:.2g}</source>
        <translation>使用 {lr:.2g}</translation>
    </message>
</context>
<context>
    <name>LayerDialog</name>
    <message>
        <source>Layer {layer}</source>
        <translation>层 {layer}</translation>
    </message>
    <message>
        <source>{layer}: {shape}, values in {range}</source>
        <translation>{layer}：{shape}，取值范围 {range}</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Search layers</source>
        <translation>搜索层</translation>
    </message>
    <message>
        <source>No layer matches “{text}”. Try a layer name (Linear, Conv2d) or a word such as dense, conv, pool, norm, rnn, activation, dropout or embed.</source>
        <translation>没有与“{text}”匹配的层。试试层的名称（Linear、Conv2d），或 dense、conv、pool、norm、rnn、activation、dropout、embed 这样的词。</translation>
    </message>
    <message>
        <source>Double-click a layer, press Enter or drag it into the stack.</source>
        <translation>双击某一层、按回车或把它拖进层堆栈即可添加。</translation>
    </message>
</context>
<context>
    <name>LayerProperties</name>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Select a layer in the stack to edit its arguments here. The ones that follow from the layer above (in_features, in_channels, …) are filled in for you.</source>
        <translation>在层堆栈中选中一层，即可在这里编辑它的参数。由上一层决定的参数（in_features、in_channels 等）会自动填好。</translation>
    </message>
    <message>
        <source>Its input is unknown until the layers above it are fixed.</source>
        <translation>上面的层修正之前，这一层的输入还无法确定。</translation>
    </message>
    <message>
        <source>{input} → &lt;b&gt;{output}&lt;/b&gt; · {params:,} parameters</source>
        <translation>{input} → &lt;b&gt;{output}&lt;/b&gt; · {params:,} 个参数</translation>
    </message>
    <message>
        <source>Follows from the layer above; it changes when that layer&apos;s output does</source>
        <translation>由上一层决定；上一层的输出变化时它也随之变化</translation>
    </message>
    <message>
        <source>from the layer above</source>
        <translation>来自上一层</translation>
    </message>
    <message>
        <source>always, inputs are (batch, steps, …)</source>
        <translation>始终如此，输入为 (批, 步, …)</translation>
    </message>
</context>
<context>
    <name>LayerRowDelegate</name>
    <message>
        <source>(fix the layer above)</source>
        <translation>（请先修正上面的层）</translation>
    </message>
</context>
<context>
    <name>LayerStackModel</name>
    <message>
        <source>{count} params</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>no params</source>
        <translation>无参数</translation>
    </message>
    <message>
        <source>{layer} cannot work here:
{error}</source>
        <translation>{layer} 在这里无法工作：
{error}</translation>
    </message>
    <message>
        <source>{layer}: its input is unknown until the layers above it are fixed</source>
        <translation>{layer}：上面的层修正之前，它的输入还无法确定</translation>
    </message>
    <message>
        <source>{layer}: {input} → {output}, {params:,} parameters</source>
        <translation>{layer}：{input} → {output}，{params:,} 个参数</translation>
    </message>
</context>
<context>
    <name>LayerStackView</name>
    <message>
        <source>Layer stack</source>
        <translation>层堆栈</translation>
    </message>
    <message>
        <source>No layers yet.
Double-click a layer in the palette or drag it here, or choose a preset.</source>
        <translation>还没有任何层。
双击层面板中的层或把它拖到这里，也可以选择一个预设。</translation>
    </message>
</context>
<context>
    <name>LayerTile</name>
    <message>
        <source>{layer}: click to enlarge</source>
        <translation>{layer}：点击放大</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Training loss per batch</source>
        <translation>每批次的训练损失</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮次的损失</translation>
    </message>
    <message>
        <source>Accuracy per epoch</source>
        <translation>每轮次的准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Gradient norms (log)</source>
        <translation>梯度范数（对数）</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>EMA smoothing of the loss and gradient-norm curves: 0 = raw, 0.99 = very smooth</source>
        <translation>损失和梯度范数曲线的 EMA 平滑系数：0 = 不平滑，0.99 = 非常平滑</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>MSE from step 6 per epoch</source>
        <translation>每轮次从第 6 步起的 MSE</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>The model “{name}” has unsaved changes. Save them before resuming the checkpoint?</source>
        <translation>模型“{name}”有未保存的更改。从检查点继续之前要保存吗？</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Tip: press Train to teach this model, draw a digit in the Draw tab, edit the layers on the left, or start another model with New from preset.</source>
        <translation>提示：按“训练”来训练这个模型，在“绘制”页写一个数字，在左侧编辑各层，或用“从预设新建”换一个模型。</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty model</source>
        <translation>新建一个空模型</translation>
    </message>
    <message>
        <source>&amp;Open architecture…</source>
        <translation>打开结构(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a model saved as .json</source>
        <translation>打开保存为 .json 的模型</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the model under a new name</source>
        <translation>用新名称保存模型</translation>
    </message>
    <message>
        <source>Export as &amp;mtorch Python code…</source>
        <translation>导出为 &amp;mtorch Python 代码…</translation>
    </message>
    <message>
        <source>A script that rebuilds this network with mtorch</source>
        <translation>用 mtorch 重建这个网络的脚本</translation>
    </message>
    <message>
        <source>Export as &amp;PyTorch Python code…</source>
        <translation>导出为 &amp;PyTorch Python 代码…</translation>
    </message>
    <message>
        <source>A script that rebuilds this network with PyTorch</source>
        <translation>用 PyTorch 重建这个网络的脚本</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close mtorch</source>
        <translation>关闭 mtorch</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;How to…</source>
        <translation>使用说明(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;README</source>
        <translation>自述文件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About mtorch</source>
        <translation>关于 mtorch(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&lt;b&gt;mtorch {mtorch}&lt;/b&gt;: PyTorch&apos;s API over numpy, every backward written out.&lt;br&gt;&lt;br&gt;Build a network layer by layer, watch it train, then draw a digit for it to read.&lt;br&gt;&lt;br&gt;Python {python} · numpy {numpy} · PySide6 {pyside} · Qt {qt}</source>
        <translation>&lt;b&gt;mtorch {mtorch}&lt;/b&gt;：用 numpy 实现的 PyTorch 接口，每个反向传播都写得明明白白。&lt;br&gt;&lt;br&gt;一层一层搭建网络，看着它训练，再写一个数字让它来认。&lt;br&gt;&lt;br&gt;Python {python} · numpy {numpy} · PySide6 {pyside} · Qt {qt}</translation>
    </message>
    <message>
        <source>About mtorch</source>
        <translation>关于 mtorch</translation>
    </message>
    <message>
        <source>&lt;b&gt;Build a model.&lt;/b&gt; Pick a ready-made one under File › New from preset, or start with File › New and double-click layers in the palette (the search box filters it). Select a layer in the stack to edit its settings; the summary under the stack says whether every layer fits.&lt;br&gt;&lt;br&gt;&lt;b&gt;Train.&lt;/b&gt; In the Train tab choose the loss, optimiser, learning rate and epochs, then press Train. The plots follow the run live; Pause, Stop and One more epoch control it, and Save checkpoint… keeps it to resume later.&lt;br&gt;&lt;br&gt;&lt;b&gt;Draw.&lt;/b&gt; In the Draw tab write a digit with the mouse: the bars show what the model reads. Clear (Delete) starts again, Undo stroke (Ctrl+Z) removes the last stroke.&lt;br&gt;&lt;br&gt;Save the model with File › Save: the file holds its training settings too (undo works on them as on layers), so &lt;tt&gt;mtorch-train FILE.json&lt;/tt&gt; trains it without a window exactly as the Train tab would.</source>
        <translation>&lt;b&gt;搭建模型。&lt;/b&gt;在“文件 › 从预设新建”里选一个现成的模型，或者从“文件 › 新建”开始，在层列表中双击添加层（搜索框可以筛选）。在层堆栈中选中一层即可编辑它的参数；堆栈下方的概要会说明每一层是否都能接上。&lt;br&gt;&lt;br&gt;&lt;b&gt;训练。&lt;/b&gt;在“训练”页选好损失函数、优化器、学习率和轮数，然后点“训练”。曲线会随训练实时更新；可以用暂停、停止和再训练一轮来控制，“保存检查点…”可以把这次训练存下来以后接着练。&lt;br&gt;&lt;br&gt;&lt;b&gt;绘制。&lt;/b&gt;在“绘制”页用鼠标写一个数字，柱状图显示模型认出的结果。“清除”（Delete）重新开始，“撤销笔画”（Ctrl+Z）去掉最后一笔。&lt;br&gt;&lt;br&gt;用“文件 › 保存”保存模型：文件里也存着它的训练设置（和层一样可以撤销），所以 &lt;tt&gt;mtorch-train FILE.json&lt;/tt&gt; 不开窗口就能按“训练”页的设置原样训练它。</translation>
    </message>
    <message>
        <source>How to use mtorch</source>
        <translation>mtorch 使用说明</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>README</source>
        <translation>自述文件</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>{language} will be used the next time mtorch starts.</source>
        <translation>下次启动 mtorch 时将使用{language}。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The model “{name}” has unsaved changes. Save them before starting a new model?</source>
        <translation>模型“{name}”有未保存的更改。新建模型之前要保存吗？</translation>
    </message>
    <message>
        <source>New model: double-click layers in the palette to build it.</source>
        <translation>新模型：双击层面板中的层来搭建它。</translation>
    </message>
    <message>
        <source>The model “{name}” has unsaved changes. Save them before opening another model?</source>
        <translation>模型“{name}”有未保存的更改。打开其他模型之前要保存吗？</translation>
    </message>
    <message>
        <source>Open architecture</source>
        <translation>打开结构</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Opened {file}</source>
        <translation>已打开 {file}</translation>
    </message>
    <message>
        <source>Save architecture</source>
        <translation>保存结构</translation>
    </message>
    <message>
        <source>Cannot save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Fix the model before saving it: {error}</source>
        <translation>请先修正模型再保存：{error}</translation>
    </message>
    <message>
        <source>Cannot save {file}: {error}</source>
        <translation>无法保存 {file}：{error}</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Fix the model first: {error}</source>
        <translation>请先修正模型：{error}</translation>
    </message>
    <message>
        <source>Export as Python code</source>
        <translation>导出为 Python 代码</translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Cannot write {file}: {error}</source>
        <translation>无法写入 {file}：{error}</translation>
    </message>
    <message>
        <source>Exported {file}</source>
        <translation>已导出 {file}</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>mtorch architectures (*.json)</source>
        <translation>mtorch 模型结构 (*.json)</translation>
    </message>
    <message>
        <source>The model “{name}” has unsaved changes. Save them before quitting?</source>
        <translation>模型“{name}”有未保存的更改。退出之前要保存吗？</translation>
    </message>
</context>
<context>
    <name>MisclassifiedGallery</name>
    <message>
        <source>Test images the model got wrong; click one to send it to the canvas</source>
        <translation>模型认错的测试图像；点击一张即可送到画板</translation>
    </message>
    <message>
        <source>true {target}, predicted {predicted}</source>
        <translation>真实 {target}，预测 {predicted}</translation>
    </message>
</context>
<context>
    <name>ModelDocument</name>
    <message>
        <source>Add {layer}</source>
        <translation>添加 {layer}</translation>
    </message>
    <message>
        <source>Delete {layer}</source>
        <translation>删除 {layer}</translation>
    </message>
    <message>
        <source>Duplicate {layer}</source>
        <translation>复制 {layer}</translation>
    </message>
    <message>
        <source>Move {layer}</source>
        <translation>移动 {layer}</translation>
    </message>
    <message>
        <source>Set {layer} {argument}</source>
        <translation>设置 {layer} 的 {argument}</translation>
    </message>
    <message>
        <source>Set {setting}</source>
        <translation>设置 {setting}</translation>
    </message>
    <message>
        <source>Use {data}</source>
        <translation>使用{data}</translation>
    </message>
    <message>
        <source>Rename to {name}</source>
        <translation>重命名为 {name}</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>ModelSummary</name>
    <message>
        <source>Total parameters:</source>
        <translation>参数总数：</translation>
    </message>
    <message>
        <source>Trainable parameters:</source>
        <translation>可训练参数：</translation>
    </message>
    <message>
        <source>Weights in memory (float32):</source>
        <translation>权重占用内存 (float32)：</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>输出：</translation>
    </message>
</context>
<context>
    <name>OptionalSizeEdit</name>
    <message>
        <source>= kernel</source>
        <translation>= 卷积核</translation>
    </message>
    <message>
        <source>Use the kernel size (windows side by side, no overlap)</source>
        <translation>使用卷积核大小（窗口紧挨着，互不重叠）</translation>
    </message>
</context>
<context>
    <name>PaddingEdit</name>
    <message>
        <source>zeros: add this many zeros on each side; same: keep the size; valid: no padding</source>
        <translation>zeros：在每侧补这么多个零；same：保持尺寸不变；valid：不补零</translation>
    </message>
</context>
<context>
    <name>PlaygroundView</name>
    <message>
        <source>Choose a 2-D dataset (circle, XOR, gaussians, spiral, ...) for the model and train it: its output over the plane and every neuron&apos;s appear here.</source>
        <translation>为模型选择一个二维数据集（圆、异或、两团高斯、螺旋……）并训练它：它在平面上的输出和每个神经元的输出会显示在这里。</translation>
    </message>
    <message>
        <source>Features the network reads:</source>
        <translation>网络读取的特征：</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>游乐场</translation>
    </message>
    <message>
        <source>This view shows models of 2-D points: choose a 2-D dataset for the model (circle, XOR, gaussians, spiral, ...) and train it.</source>
        <translation>这个视图显示处理二维点的模型：为模型选择一个二维数据集（圆、异或、两团高斯、螺旋……）并训练它。</translation>
    </message>
    <message>
        <source>Output over the plane: P(class 1) from blue (0) through white (0.5, the decision boundary) to red (1); training points ringed in white, test points in black.</source>
        <translation>平面上的输出：类别 1 的概率从蓝色（0）经白色（0.5，即决策边界）到红色（1）；训练点带白边，测试点带黑边。</translation>
    </message>
    <message>
        <source>Output over the plane from blue (negative) through white (0) to red (positive); the points coloured by their target.</source>
        <translation>平面上的输出从蓝色（负）经白色（0）到红色（正）；点按目标值着色。</translation>
    </message>
    <message>
        <source>The network is drawn for small MLPs (Linear layers of at most 8 neurons and activations).</source>
        <translation>只为小型 MLP 画出网络（由最多 8 个神经元的 Linear 层和激活函数组成）。</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
</context>
<context>
    <name>PointsView</name>
    <message>
        <source>Clear points</source>
        <translation>清除点</translation>
    </message>
    <message>
        <source>Click anywhere to add a point and see the class the model gives it. The background is its predicted class (paler: less sure); the small dots are the test points in their true class&apos;s colour.</source>
        <translation>在任意位置点击即可添加一个点，并看到模型给它的类别。背景是模型预测的类别（颜色越浅越没有把握）；小圆点是测试点，颜色为其真实类别的颜色。</translation>
    </message>
    <message>
        <source>No point yet: click on the map.</source>
        <translation>还没有点：请在图上点击。</translation>
    </message>
    <message>
        <source>({x:.2f}, {y:.2f}) is read as {name} ({p:.0%}); {others}</source>
        <translation>({x:.2f}, {y:.2f}) 被识别为 {name}（{p:.0%}）；{others}</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Training loss (smoothed)</source>
        <translation>训练损失（平滑）</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Open the selected run&apos;s model (with its settings) in the editor</source>
        <translation>在编辑器中打开所选运行的模型（含其设置）</translation>
    </message>
    <message>
        <source>Load weights into Draw</source>
        <translation>将权重载入绘图页</translation>
    </message>
    <message>
        <source>Read drawings with the selected run&apos;s final weights</source>
        <translation>用所选运行的最终权重识别手写</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename the selected run</source>
        <translation>重命名所选运行</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Tag the selected run (words separated by spaces)</source>
        <translation>为所选运行加标签（以空格分隔）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected runs and their weights</source>
        <translation>删除所选运行及其权重</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>The selected runs&apos; epochs as CSV</source>
        <translation>所选运行的各轮指标，CSV 格式</translation>
    </message>
    <message>
        <source>Sweep…</source>
        <translation>扫描…</translation>
    </message>
    <message>
        <source>Train a grid of settings, one run after another</source>
        <translation>依次训练一组设置网格</translation>
    </message>
    <message>
        <source>Cancel sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Drop the queued runs and stop the current one</source>
        <translation>丢弃排队的运行并停止当前运行</translation>
    </message>
    <message>
        <source>Find learning rate…</source>
        <translation>寻找学习率…</translation>
    </message>
    <message>
        <source>A learning-rate range test of the Train tab&apos;s model</source>
        <translation>对训练页的模型做学习率范围测试</translation>
    </message>
    <message>
        <source>Tags: {tags}</source>
        <translation>标签：{tags}</translation>
    </message>
    <message>
        <source>Validation MSE from step 6</source>
        <translation>第 6 步起的验证 MSE</translation>
    </message>
    <message>
        <source>Cannot write {file}: {error}</source>
        <translation>无法写入 {file}：{error}</translation>
    </message>
    <message>
        <source>Run {run}&apos;s weights are in the Draw tab.</source>
        <translation>运行 {run} 的权重已载入绘图页。</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Tag run</source>
        <translation>运行标签</translation>
    </message>
    <message>
        <source>Tags (separated by spaces):</source>
        <translation>标签（以空格分隔）：</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {count} run(s) and their weights?</source>
        <translation>删除 {count} 个运行及其权重？</translation>
    </message>
    <message>
        <source>Saved {count} run(s) to {path}.</source>
        <translation>已将 {count} 个运行保存到 {path}。</translation>
    </message>
    <message>
        <source>Export runs</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Sweep: run {number} of {total} ({label}); waiting: {waiting}</source>
        <translation>扫描：第 {number}/{total} 个运行（{label}）；等待中：{waiting}</translation>
    </message>
    <message>
        <source>Wait for the training run to end before looking for a learning rate.</source>
        <translation>请等训练结束后再寻找学习率。</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>The dataset follows the model&apos;s input (set in the editor or by a preset)</source>
        <translation>数据集由模型的输入决定（在编辑器中或通过预设设置）</translation>
    </message>
    <message>
        <source>MSELoss and BCE losses compare with one-hot targets on MNIST</source>
        <translation>在 MNIST 上，MSELoss 和 BCE 类损失与独热（one-hot）目标比较</translation>
    </message>
    <message>
        <source>Learning rate; may be changed while training</source>
        <translation>学习率；训练过程中也可以修改</translation>
    </message>
    <message>
        <source>Momentum (SGD, RMSprop)</source>
        <translation>动量（SGD、RMSprop）</translation>
    </message>
    <message>
        <source>L2 penalty (decoupled for AdamW)</source>
        <translation>L2 惩罚（AdamW 为解耦形式）</translation>
    </message>
    <message>
        <source>Samples per mini-batch</source>
        <translation>每个小批量的样本数</translation>
    </message>
    <message>
        <source>Passes over the training set</source>
        <translation>遍历训练集的次数</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none: constant; StepLR: multiply by gamma every step_size epochs; CosineAnnealingLR: cosine down to 0 over the epochs; OneCycleLR: warm up to the learning rate, then anneal, per batch</source>
        <translation>none：保持不变；StepLR：每 step_size 个轮次乘以 gamma；CosineAnnealingLR：在全部轮次内按余弦降到 0；OneCycleLR：先预热升到学习率，再退火，按批次调整</translation>
    </message>
    <message>
        <source>StepLR: epochs between decays</source>
        <translation>StepLR：每隔多少轮次衰减一次</translation>
    </message>
    <message>
        <source>StepLR: decay factor</source>
        <translation>StepLR：衰减系数</translation>
    </message>
    <message>
        <source>Seed of the initial weights, data order and dropout</source>
        <translation>初始权重、数据顺序和 dropout 的随机种子</translation>
    </message>
    <message>
        <source>Use at most this many samples per split (0: all)</source>
        <translation>每个数据划分最多使用这么多样本（0：全部）</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>gamma</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Sample limit</source>
        <translation>样本上限</translation>
    </message>
</context>
<context>
    <name>SineView</name>
    <message>
        <source>time step</source>
        <translation>时间步</translation>
    </message>
    <message>
        <source>input: sin</source>
        <translation>输入：sin</translation>
    </message>
    <message>
        <source>target: cos</source>
        <translation>目标：cos</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Phase:</source>
        <translation>相位：</translation>
    </message>
    <message>
        <source>Frequency:</source>
        <translation>频率：</translation>
    </message>
    <message>
        <source>ω = {omega:.2f} (trained on {low:g}–{high:g})</source>
        <translation>ω = {omega:.2f}（训练范围 {low:g}–{high:g}）</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>Train a sequence model.</source>
        <translation>请训练一个序列模型。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: reads the sine step by step and predicts the cosine. The shaded first {steps} steps cannot be known yet from the sine alone.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;：逐步读入正弦并预测余弦。阴影部分的前 {steps} 步仅凭正弦还无法确定。</translation>
    </message>
    <message>
        <source>Mean squared error from step {step} on: {mse:.2e}</source>
        <translation>从第 {step} 步起的均方误差：{mse:.2e}</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Values (separated by commas)</source>
        <translation>取值（以逗号分隔）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{count} runs, one after another: {first} … {last}</source>
        <translation>{count} 个运行，依次进行：{first} … {last}</translation>
    </message>
</context>
<context>
    <name>SweepRunner</name>
    <message>
        <source>A checkpoint waits for Continue: continue or close its run before a sweep.</source>
        <translation>有一个检查点在等待“继续训练”：请先继续或关闭它的训练，再开始扫描。</translation>
    </message>
    <message>
        <source>The model was replaced: the sweep&apos;s queued runs were dropped.</source>
        <translation>模型已被替换：扫描中排队的训练已取消。</translation>
    </message>
</context>
<context>
    <name>TensorCard</name>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;{shape} · ‖·‖ = {norm:.4g}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;{shape} · ‖·‖ = {norm:.4g}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train the model from scratch</source>
        <translation>从头开始训练模型</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume</source>
        <translation>暂停或继续</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current batch</source>
        <translation>在当前批次结束后停止</translation>
    </message>
    <message>
        <source>One more epoch</source>
        <translation>再训练一轮</translation>
    </message>
    <message>
        <source>Continue the last run where it stopped, for one more epoch</source>
        <translation>从上次停下的地方继续训练一轮</translation>
    </message>
    <message>
        <source>Save checkpoint…</source>
        <translation>保存检查点…</translation>
    </message>
    <message>
        <source>Weights, optimiser state, history and model in one file</source>
        <translation>把权重、优化器状态、训练记录和模型存进一个文件</translation>
    </message>
    <message>
        <source>Resume checkpoint…</source>
        <translation>从检查点继续…</translation>
    </message>
    <message>
        <source>Load a checkpoint and continue training it</source>
        <translation>载入检查点并继续训练</translation>
    </message>
    <message>
        <source>Export history…</source>
        <translation>导出训练记录…</translation>
    </message>
    <message>
        <source>The metrics of every epoch as CSV</source>
        <translation>以 CSV 格式导出每一轮的指标</translation>
    </message>
    <message>
        <source>epoch %p%</source>
        <translation>本轮 %p%</translation>
    </message>
    <message>
        <source>run %p%</source>
        <translation>总进度 %p%</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Mistakes</source>
        <translation>错例</translation>
    </message>
    <message>
        <source>First layer</source>
        <translation>第一层</translation>
    </message>
    <message>
        <source>Show or hide the training settings</source>
        <translation>显示或隐藏训练设置</translation>
    </message>
    <message>
        <source>Fix the model first: {error}</source>
        <translation>请先修正模型：{error}</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Continue the checkpoint&apos;s run from epoch {epoch} up to the epochs set</source>
        <translation>从第 {epoch} 轮起继续检查点的训练，直到设定的轮数</translation>
    </message>
    <message>
        <source>Continue the run of “{name}” where it stopped, for one more epoch</source>
        <translation>从“{name}”的训练停下的地方继续训练一轮</translation>
    </message>
    <message>
        <source>This run belongs to “{run}”, not to the open model: One more epoch continues “{run}”; Train starts a new run of “{model}”.</source>
        <translation>这次训练属于“{run}”，不是打开的模型：“再训练一轮”继续训练“{run}”；“训练”则开始训练“{model}”。</translation>
    </message>
    <message>
        <source>Resuming {name}…</source>
        <translation>正在继续训练 {name}…</translation>
    </message>
    <message>
        <source>Preparing {name}…</source>
        <translation>正在准备 {name}…</translation>
    </message>
    <message>
        <source>Checkpoint of “{name}”: all {total} epochs done, learning rate {lr:g}. Raise Epochs to train it further, then press Continue.</source>
        <translation>“{name}”的检查点：{total} 轮已全部完成，学习率 {lr:g}。调高轮数即可继续训练，然后按“继续训练”。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pausing after the current batch…</source>
        <translation>将在当前批次结束后暂停…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Paused: {why} Lower the learning rate and press Resume, or press Stop.</source>
        <translation>已暂停：{why} 请降低学习率后按“继续”，或者按“停止”。</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <source>Training one more epoch of {name}…</source>
        <translation>正在给 {name} 再训练一轮…</translation>
    </message>
    <message>
        <source>Checkpoint of “{name}”: {done} of {total} epochs done, learning rate {lr:g}. Review the settings, then press Continue.</source>
        <translation>“{name}”的检查点：已完成 {done}/{total} 轮，学习率 {lr:g}。检查设置后按“继续训练”。</translation>
    </message>
    <message>
        <source>A training run exists</source>
        <translation>已有一次训练</translation>
    </message>
    <message>
        <source>“{name}” is training. Stop its run, or keep it running for “{name}”?</source>
        <translation>“{name}”正在训练。停止这次训练，还是让它继续为“{name}”训练？</translation>
    </message>
    <message>
        <source>The training panel holds a run of “{name}”. Close it, or keep it for “{name}” (One more epoch, Save checkpoint)?</source>
        <translation>训练面板里有“{name}”的一次训练。关闭它，还是为“{name}”保留（再训练一轮、保存检查点）？</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>停止训练</translation>
    </message>
    <message>
        <source>Close the run</source>
        <translation>关闭这次训练</translation>
    </message>
    <message>
        <source>Keep it for “{name}”</source>
        <translation>为“{name}”保留</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close?</source>
        <translation>训练正在进行。要停止训练并关闭吗？</translation>
    </message>
    <message>
        <source>Stopping the run… The window closes as soon as it has stopped (a run still loading its data stops once the data is loaded).</source>
        <translation>正在停止训练…… 训练一停止，窗口就会关闭（仍在加载数据的训练要等数据加载完才能停止）。</translation>
    </message>
    <message>
        <source>{speed:,.0f} samples/s · elapsed {elapsed}</source>
        <translation>{speed:,.0f} 样本/秒 · 已用 {elapsed}</translation>
    </message>
    <message>
        <source>{speed} · ETA {eta}</source>
        <translation>{speed} · 预计剩余 {eta}</translation>
    </message>
    <message>
        <source>Epoch {epoch}: validation accuracy {val:.2%}, test accuracy {test:.2%}</source>
        <translation>第 {epoch} 轮：验证准确率 {val:.2%}，测试准确率 {test:.2%}</translation>
    </message>
    <message>
        <source>Epoch {epoch}: validation MSE from step 6 {mse:.3g}</source>
        <translation>第 {epoch} 轮：从第 6 步起的验证 MSE 为 {mse:.3g}</translation>
    </message>
    <message>
        <source>Finished {epochs} epochs, test accuracy {accuracy:.2%} in {time}.</source>
        <translation>已完成 {epochs} 轮，测试准确率 {accuracy:.2%}，用时 {time}。</translation>
    </message>
    <message>
        <source>Finished {epochs} epochs in {time}.</source>
        <translation>已完成 {epochs} 轮，用时 {time}。</translation>
    </message>
    <message>
        <source>Stopped in epoch {epoch} after batch {batch}; “One more epoch” continues from here.</source>
        <translation>已在第 {epoch} 轮的第 {batch} 批次后停止；“再训练一轮”会从这里继续。</translation>
    </message>
    <message>
        <source>Saved checkpoint {path}.</source>
        <translation>已保存检查点 {path}。</translation>
    </message>
    <message>
        <source>Saved history {path}.</source>
        <translation>已保存训练记录 {path}。</translation>
    </message>
    <message>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <source>Resume checkpoint</source>
        <translation>从检查点继续</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出训练记录</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <source>Training checkpoints (*.ckpt *.safetensors);;All files (*)</source>
        <translation>训练检查点 (*.ckpt *.safetensors);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>backprop</name>
    <message>
        <source>The model is not valid: {error}</source>
        <translation>模型无效：{error}</translation>
    </message>
    <message>
        <source>labelled {label}</source>
        <translation>标签为 {label}</translation>
    </message>
    <message>
        <source>test sample {index} {label}</source>
        <translation>测试样本 {index}，{label}</translation>
    </message>
    <message>
        <source>y = x·Wᵀ + b      dL/dx = g·W,   dL/dW = gᵀ·x,   dL/db = Σ g</source>
        <translation>y = x·Wᵀ + b      dL/dx = g·W,   dL/dW = gᵀ·x,   dL/db = Σ g</translation>
    </message>
    <message>
        <source>y = b + W ⋆ x      dL/dx = g ⋆ W (full, flipped),   dL/dW = g ⋆ x,   dL/db = Σ g</source>
        <translation>y = b + W ⋆ x      dL/dx = g ⋆ W（全卷积，核翻转），   dL/dW = g ⋆ x,   dL/db = Σ g</translation>
    </message>
    <message>
        <source>y = max(x, 0)      dL/dx = g · [x &gt; 0]</source>
        <translation>y = max(x, 0)      dL/dx = g · [x &gt; 0]</translation>
    </message>
    <message>
        <source>y = 1 / (1 + e^−x)      dL/dx = g · y · (1 − y)</source>
        <translation>y = 1 / (1 + e^−x)      dL/dx = g · y · (1 − y)</translation>
    </message>
    <message>
        <source>y = tanh x      dL/dx = g · (1 − y²)</source>
        <translation>y = tanh x      dL/dx = g · (1 − y²)</translation>
    </message>
    <message>
        <source>y = x if x &gt; 0 else a·x      dL/dx = g · (1 if x &gt; 0 else a)</source>
        <translation>y = x（x &gt; 0 时），否则 a·x      dL/dx = g · (x &gt; 0 时为 1，否则为 a)</translation>
    </message>
    <message>
        <source>y = x reshaped      dL/dx = g reshaped back</source>
        <translation>y = x 改变形状      dL/dx = g 变回原来的形状</translation>
    </message>
    <message>
        <source>y = max of each window      dL/dx = g at each window&apos;s maximum, 0 elsewhere</source>
        <translation>y = 每个窗口的最大值      dL/dx = g 传到每个窗口的最大值处，其余为 0</translation>
    </message>
    <message>
        <source>y = mean of each window      dL/dx = g / (window size), spread over the window</source>
        <translation>y = 每个窗口的平均值      dL/dx = g / (窗口大小)，平均分给窗口中的元素</translation>
    </message>
    <message>
        <source>y = eˣ / Σ eˣ      dL/dx = y · (g − Σ g·y)</source>
        <translation>y = eˣ / Σ eˣ      dL/dx = y · (g − Σ g·y)</translation>
    </message>
    <message>
        <source>y = x − log Σ eˣ      dL/dx = g − softmax(x) · Σ g</source>
        <translation>y = x − log Σ eˣ      dL/dx = g − softmax(x) · Σ g</translation>
    </message>
    <message>
        <source>y = x · mask / (1 − p)      dL/dx = g · mask / (1 − p)</source>
        <translation>y = x · 掩码 / (1 − p)      dL/dx = g · 掩码 / (1 − p)</translation>
    </message>
    <message>
        <source>L = −log softmax(x)[y]      dL/dx = softmax(x) − one_hot(y)</source>
        <translation>L = −log softmax(x)[y]      dL/dx = softmax(x) − one_hot(y)</translation>
    </message>
    <message>
        <source>L = −x[y]      dL/dx = −one_hot(y)</source>
        <translation>L = −x[y]      dL/dx = −one_hot(y)</translation>
    </message>
    <message>
        <source>y = γ · (x − μ) / σ + β      dL/dx = (γ/σ) · (g − mean(g) − x̂ · mean(g · x̂))</source>
        <translation>y = γ · (x − μ) / σ + β      dL/dx = (γ/σ) · (g − mean(g) − x̂ · mean(g · x̂))</translation>
    </message>
    <message>
        <source>y = W[index]      dL/dW[index] += g</source>
        <translation>y = W[index]      dL/dW[index] += g</translation>
    </message>
    <message>
        <source>L = mean((x − t)²)      dL/dx = 2 (x − t) / n</source>
        <translation>L = mean((x − t)²)      dL/dx = 2 (x − t) / n</translation>
    </message>
    <message>
        <source>L = mean(|x − t|)      dL/dx = sign(x − t) / n</source>
        <translation>L = mean(|x − t|)      dL/dx = sign(x − t) / n</translation>
    </message>
    <message>
        <source>L = mean(½(x − t)² if |x − t| &lt; 1 else |x − t| − ½)      dL/dx = clip(x − t, −1, 1) / n</source>
        <translation>L = mean(|x − t| &lt; 1 时为 ½(x − t)²，否则为 |x − t| − ½)      dL/dx = clip(x − t, −1, 1) / n</translation>
    </message>
    <message>
        <source>L = mean(½d² if |d| &lt; δ else δ(|d| − ½δ)), d = x − t      dL/dx = clip(d, −δ, δ) / n</source>
        <translation>L = mean(|d| &lt; δ 时为 ½d²，否则为 δ(|d| − ½δ))，d = x − t      dL/dx = clip(d, −δ, δ) / n</translation>
    </message>
</context>
<context>
    <name>canvas</name>
    <message>
        <source>Cannot read the weights file {file}: {error}</source>
        <translation>无法读取权重文件 {file}：{error}</translation>
    </message>
    <message>
        <source>{file} holds no weights: a state dict (a flat dict of tensors, as save_file(model.state_dict(), ...) writes) was expected.</source>
        <translation>{file} 中没有权重：需要的是一个 state dict（由张量组成的扁平字典，即 save_file(model.state_dict(), ...) 写出的内容）。</translation>
    </message>
    <message>
        <source>The open model cannot take weights: {error}</source>
        <translation>当前打开的模型无法载入权重：{error}</translation>
    </message>
    <message>
        <source>The weights in {file} do not fit the open model “{name}”; nothing was loaded.
{differences}</source>
        <translation>{file} 中的权重与当前打开的模型“{name}”不符，什么也没有载入。
{differences}</translation>
    </message>
    <message>
        <source>The Draw tab has nothing to draw for {data}: it draws images for image classifiers, 2-D points for 2-D classifiers and sines for sin-to-cos models.</source>
        <translation>“绘制”页对 {data} 没有可画的内容：它为图像分类器画图像，为二维分类器画二维点，为 sin-to-cos 模型画正弦曲线。</translation>
    </message>
    <message>
        <source>The model cannot run: {error}</source>
        <translation>模型无法运行：{error}</translation>
    </message>
    <message>
        <source>This model reads inputs of shape {shape}; {data} gives {wanted} ({count} values), so it cannot read them.</source>
        <translation>这个模型的输入形状是 {shape}；{data} 给出的是 {wanted}（{count} 个数值），所以它读不了。</translation>
    </message>
    <message>
        <source>The model is not valid: {error}</source>
        <translation>模型无效：{error}</translation>
    </message>
    <message>
        <source>This model has not been trained yet: train it in the Train tab and the canvas will read with it.</source>
        <translation>这个模型还没有训练：在“训练”页训练它之后，画板就会用它来识别。</translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Shipped CNN</source>
        <translation>自带 CNN</translation>
    </message>
    <message>
        <source>Just trained: {name}</source>
        <translation>刚训练的：{name}</translation>
    </message>
    <message>
        <source>From file: {file}</source>
        <translation>来自文件：{file}</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>{layer}&apos;s {name}</source>
        <translation>{layer} 的 {name}</translation>
    </message>
    <message>
        <source>{where} must be at least {low:g}, got {value}</source>
        <translation>{where} 至少为 {low:g}，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be at most {high:g}, got {value}</source>
        <translation>{where} 至多为 {high:g}，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} needs 1 or {dims} numbers, got {value}</source>
        <translation>{where} 需要 1 个或 {dims} 个数，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be a whole number, got {value}</source>
        <translation>{where} 必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be a number, got {value}</source>
        <translation>{where} 必须是数字，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be true or false, got {value}</source>
        <translation>{where} 必须是 true 或 false，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be one of {choices}, got {value}</source>
        <translation>{where} 必须是 {choices} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be a list of whole numbers, got {value}</source>
        <translation>{where} 必须是整数列表，实际为 {value}</translation>
    </message>
    <message>
        <source>{layer}&apos;s arguments must be a JSON object, got {value}</source>
        <translation>{layer} 的参数必须是 JSON 对象，实际为 {value}</translation>
    </message>
    <message>
        <source>{layer} has no argument {name} to set (it follows from the previous layer)</source>
        <translation>{layer} 没有可设置的参数 {name}（它由上一层决定）</translation>
    </message>
    <message>
        <source>{layer} has no argument {name} to set</source>
        <translation>{layer} 没有可设置的参数 {name}</translation>
    </message>
    <message>
        <source>(channels, length)</source>
        <translation>(通道, 长度)</translation>
    </message>
    <message>
        <source>(channels, height, width)</source>
        <translation>(通道, 高, 宽)</translation>
    </message>
    <message>
        <source>remove the Flatten before it</source>
        <translation>请去掉它前面的 Flatten</translation>
    </message>
    <message>
        <source>add an Unflatten before it to give it a channel dimension</source>
        <translation>请在它前面加一个 Unflatten，为输入添加通道维度</translation>
    </message>
    <message>
        <source>{name} needs {want} but receives {shape}: {fix}</source>
        <translation>{name} 需要 {want} 形状的输入，但收到的是 {shape}：{fix}</translation>
    </message>
    <message>
        <source>{name} needs {want} but receives {shape}</source>
        <translation>{name} 需要 {want} 形状的输入，但收到的是 {shape}</translation>
    </message>
    <message>
        <source>{name}: groups={groups} must divide both the {channels} input channels and out_channels={out_channels}</source>
        <translation>{name}：groups={groups} 必须同时整除输入通道数 {channels} 和 out_channels={out_channels}</translation>
    </message>
    <message>
        <source>{name}&apos;s window of {window} does not fit the input size {size} (padding {padding}): use a smaller kernel_size or less downsampling before it</source>
        <translation>{name} 的窗口大小 {window} 超出了输入尺寸 {size}（填充 {padding}）：请用更小的 kernel_size，或在它之前少做一些下采样</translation>
    </message>
    <message>
        <source>{name}: padding=&apos;same&apos; only works with stride 1</source>
        <translation>{name}：padding=&apos;same&apos; 只能在 stride 为 1 时使用</translation>
    </message>
    <message>
        <source>{name}: output_padding must be smaller than stride or dilation</source>
        <translation>{name}：output_padding 必须小于 stride 或 dilation</translation>
    </message>
    <message>
        <source>{name}: padding={padding} is too large for the input size {size}</source>
        <translation>{name}：padding={padding} 对输入尺寸 {size} 来说太大</translation>
    </message>
    <message>
        <source>{name}: padding={padding} must be at most half the kernel_size {kernel_size}</source>
        <translation>{name}：padding={padding} 最多为 kernel_size {kernel_size} 的一半</translation>
    </message>
    <message>
        <source>GroupNorm: num_groups={groups} must divide the {channels} channels it receives</source>
        <translation>GroupNorm：num_groups={groups} 必须整除收到的通道数 {channels}</translation>
    </message>
    <message>
        <source>a sequence (steps, features)</source>
        <translation>序列 (步, 特征)</translation>
    </message>
    <message>
        <source>{name} needs {want} but receives {shape}: add Flatten(start_dim=1, end_dim=2) before it to read the rows as steps</source>
        <translation>{name} 需要 {want} 形状的输入，但收到的是 {shape}：请在它前面加 Flatten(start_dim=1, end_dim=2)，把图像的每一行当作一步</translation>
    </message>
    <message>
        <source>{args}, {n} layers</source>
        <translation>{args}, {n} 层</translation>
    </message>
    <message>
        <source>{args}, bidirectional</source>
        <translation>{args}, 双向</translation>
    </message>
    <message>
        <source>{args}, {nonlinearity}</source>
        <translation>{args}, {nonlinearity}</translation>
    </message>
    <message>
        <source>{args}, no bias</source>
        <translation>{args}, 无偏置</translation>
    </message>
    <message>
        <source>Linear needs a flat input but receives {shape}: add a Flatten before it</source>
        <translation>Linear 需要展平的输入，但收到的是 {shape}：请在它前面加一个 Flatten</translation>
    </message>
    <message>
        <source>{name}: {arg}={dim} is out of range for an input with {rank} dimensions (batch included), choose {low}..{high}</source>
        <translation>{name}：{arg}={dim} 超出了 {rank} 维输入（含批维度）的范围，请在 {low}..{high} 中选择</translation>
    </message>
    <message>
        <source>{name}: dim=0 runs across the samples of a batch; use dim=-1 for each sample&apos;s values</source>
        <translation>{name}：dim=0 会跨越一个批次中的各个样本；请用 dim=-1 在每个样本内部计算</translation>
    </message>
    <message>
        <source>Flatten: start_dim=0 would merge the batch into the features; use start_dim=1</source>
        <translation>Flatten：start_dim=0 会把批维度并入特征；请用 start_dim=1</translation>
    </message>
    <message>
        <source>Flatten: start_dim={start} comes after end_dim={end}</source>
        <translation>Flatten：start_dim={start} 在 end_dim={end} 之后</translation>
    </message>
    <message>
        <source>Unflatten: dim=0 is the batch; use dim=1 for each sample&apos;s values</source>
        <translation>Unflatten：dim=0 是批维度；请用 dim=1 拆分每个样本的数值</translation>
    </message>
    <message>
        <source>Unflatten: unflattened_size takes positive sizes and at most one -1</source>
        <translation>Unflatten：unflattened_size 只能是正数，且最多有一个 -1</translation>
    </message>
    <message>
        <source>Unflatten: {n} values cannot be split into {sizes}</source>
        <translation>Unflatten：{n} 个数值无法拆分成 {sizes}</translation>
    </message>
    <message>
        <source>Unflatten: {sizes} holds {known} values but dimension {dim} has {n}</source>
        <translation>Unflatten：{sizes} 共有 {known} 个数值，但第 {dim} 维有 {n} 个</translation>
    </message>
    <message>
        <source>(channels, length) or (channels, height, width)</source>
        <translation>(通道, 长度) 或 (通道, 高, 宽)</translation>
    </message>
    <message>
        <source>Dropout2d drops whole channels of (channels, height, width) but receives {shape}: use Dropout</source>
        <translation>Dropout2d 丢弃 (通道, 高, 宽) 输入中的整个通道，但收到的是 {shape}：请改用 Dropout</translation>
    </message>
    <message>
        <source>Embedding looks up whole-number token ids, but this model&apos;s input holds real numbers (pixels or sine values): use Linear instead</source>
        <translation>Embedding 按整数词元编号查表，但这个模型的输入是实数（像素或正弦值）：请改用 Linear</translation>
    </message>
    <message>
        <source>(features) or (channels, length)</source>
        <translation>(特征) 或 (通道, 长度)</translation>
    </message>
    <message>
        <source>(channels, depth, height, width)</source>
        <translation>(通道, 深, 高, 宽)</translation>
    </message>
    <message>
        <source>{groups} groups of {size}</source>
        <translation>{groups} 组, 每组 {size} 个通道</translation>
    </message>
    <message>
        <source>unknown layer type {name}; the editor knows {known}</source>
        <translation>未知的层类型 {name}；编辑器支持的有 {known}</translation>
    </message>
    <message>
        <source>Core</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Reshape</source>
        <translation>变形</translation>
    </message>
    <message>
        <source>Fully connected: every output is a weighted sum of all inputs</source>
        <translation>全连接：每个输出都是所有输入的加权和</translation>
    </message>
    <message>
        <source>y = x Wᵀ + b,  W: (out_features, in_features)</source>
        <translation>y = x Wᵀ + b,  W: (out_features, in_features)</translation>
    </message>
    <message>
        <source>number of outputs</source>
        <translation>输出个数</translation>
    </message>
    <message>
        <source>add a learnable bias b</source>
        <translation>加上可学习的偏置 b</translation>
    </message>
    <message>
        <source>Passes its input through unchanged</source>
        <translation>原样输出输入</translation>
    </message>
    <message>
        <source>y = x</source>
        <translation>y = x</translation>
    </message>
    <message>
        <source>Looks up a learned vector for each whole-number token id</source>
        <translation>为每个整数词元编号查出一个学到的向量</translation>
    </message>
    <message>
        <source>y[i] = W[x[i]],  W: (num_embeddings, embedding_dim)</source>
        <translation>y[i] = W[x[i]],  W: (num_embeddings, embedding_dim)</translation>
    </message>
    <message>
        <source>number of distinct token ids</source>
        <translation>不同词元编号的个数</translation>
    </message>
    <message>
        <source>length of each vector</source>
        <translation>每个向量的长度</translation>
    </message>
    <message>
        <source>Slides learned filters along a sequence</source>
        <translation>让学到的滤波器沿序列滑动</translation>
    </message>
    <message>
        <source>out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  L_out = ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1</source>
        <translation>out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  L_out = ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1</translation>
    </message>
    <message>
        <source>number of filters, each giving one output channel</source>
        <translation>滤波器个数，每个滤波器产生一个输出通道</translation>
    </message>
    <message>
        <source>size of each filter</source>
        <translation>每个滤波器的大小</translation>
    </message>
    <message>
        <source>step between neighbouring windows</source>
        <translation>相邻窗口之间的步长</translation>
    </message>
    <message>
        <source>zeros added on each side (&apos;same&apos; keeps the size)</source>
        <translation>每侧补零的个数（&apos;same&apos; 保持尺寸不变）</translation>
    </message>
    <message>
        <source>spacing between the filter&apos;s taps</source>
        <translation>滤波器各抽头之间的间隔</translation>
    </message>
    <message>
        <source>split the channels into independent groups</source>
        <translation>把通道分成互相独立的组</translation>
    </message>
    <message>
        <source>add a learnable bias per output channel</source>
        <translation>每个输出通道加一个可学习的偏置</translation>
    </message>
    <message>
        <source>Slides learned filters over an image, one output channel per filter</source>
        <translation>让学到的滤波器在图像上滑动，每个滤波器产生一个输出通道</translation>
    </message>
    <message>
        <source>out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1</source>
        <translation>out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1</translation>
    </message>
    <message>
        <source>Enlarges an image with learned filters</source>
        <translation>用学到的滤波器放大图像</translation>
    </message>
    <message>
        <source>H_out = (H − 1)s − 2p + d(k−1) + output_padding + 1</source>
        <translation>H_out = (H − 1)s − 2p + d(k−1) + output_padding + 1</translation>
    </message>
    <message>
        <source>trimmed from each side of the output</source>
        <translation>从输出的每一侧裁掉的大小</translation>
    </message>
    <message>
        <source>extra size added to one side of the output</source>
        <translation>在输出的一侧额外增加的大小</translation>
    </message>
    <message>
        <source>Keeps the largest value of each window along a sequence</source>
        <translation>沿序列保留每个窗口中的最大值</translation>
    </message>
    <message>
        <source>y[c, i] = max over the window at i·s of x[c, ·]</source>
        <translation>y[c, i] = x[c, ·] 在位置 i·s 处窗口内的最大值</translation>
    </message>
    <message>
        <source>size of each window</source>
        <translation>每个窗口的大小</translation>
    </message>
    <message>
        <source>step between windows (empty: the kernel size)</source>
        <translation>窗口之间的步长（留空：等于窗口大小）</translation>
    </message>
    <message>
        <source>implicit padding on each side</source>
        <translation>每侧的隐式填充</translation>
    </message>
    <message>
        <source>spacing between the window&apos;s elements</source>
        <translation>窗口内各元素之间的间隔</translation>
    </message>
    <message>
        <source>round the output size up instead of down</source>
        <translation>输出尺寸向上取整而不是向下取整</translation>
    </message>
    <message>
        <source>Keeps the largest value of each window, shrinking the image</source>
        <translation>保留每个窗口中的最大值，把图像缩小</translation>
    </message>
    <message>
        <source>y[c, i, j] = max over the k×k window at (i·s, j·s);  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1</source>
        <translation>y[c, i, j] = 位置 (i·s, j·s) 处 k×k 窗口内的最大值；  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1</translation>
    </message>
    <message>
        <source>Averages each window, shrinking the image</source>
        <translation>对每个窗口取平均，把图像缩小</translation>
    </message>
    <message>
        <source>y[c, i, j] = mean over the k×k window at (i·s, j·s);  H_out = ⌊(H + 2p − k)/s⌋ + 1</source>
        <translation>y[c, i, j] = 位置 (i·s, j·s) 处 k×k 窗口内的平均值；  H_out = ⌊(H + 2p − k)/s⌋ + 1</translation>
    </message>
    <message>
        <source>count padded zeros in the average</source>
        <translation>求平均时把补的零也算进去</translation>
    </message>
    <message>
        <source>Averages into a fixed output size whatever the input size</source>
        <translation>无论输入多大，都平均成固定的输出尺寸</translation>
    </message>
    <message>
        <source>y[c, i, j] = mean of x[c] over the (i, j)-th of output_size evenly spread regions</source>
        <translation>y[c, i, j] = x[c] 在按 output_size 均匀划分的第 (i, j) 个区域内的平均值</translation>
    </message>
    <message>
        <source>height and width of the output</source>
        <translation>输出的高和宽</translation>
    </message>
    <message>
        <source>Normalises each feature over the batch, then scales, shifts</source>
        <translation>在批次上对每个特征做归一化，然后缩放、平移</translation>
    </message>
    <message>
        <source>y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per feature over the batch</source>
        <translation>y = (x − E[x]) / √(Var[x] + ε) · γ + β，  统计量按特征在批次上计算</translation>
    </message>
    <message>
        <source>added to the variance to avoid dividing by zero</source>
        <translation>加到方差上，避免除以零</translation>
    </message>
    <message>
        <source>weight of a batch in the running statistics</source>
        <translation>每个批次在滑动统计量中的权重</translation>
    </message>
    <message>
        <source>learnable scale γ and shift β</source>
        <translation>可学习的缩放 γ 和平移 β</translation>
    </message>
    <message>
        <source>keep running statistics for evaluation</source>
        <translation>保留滑动统计量供评估时使用</translation>
    </message>
    <message>
        <source>Normalises each channel over the batch and the image</source>
        <translation>在批次和整幅图像上对每个通道做归一化</translation>
    </message>
    <message>
        <source>y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per channel over (N, H, W)</source>
        <translation>y = (x − E[x]) / √(Var[x] + ε) · γ + β，  统计量按通道在 (N, H, W) 上计算</translation>
    </message>
    <message>
        <source>Normalises each channel over the batch and the volume</source>
        <translation>在批次和整个体数据上对每个通道做归一化</translation>
    </message>
    <message>
        <source>y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per channel over (N, D, H, W)</source>
        <translation>y = (x − E[x]) / √(Var[x] + ε) · γ + β，  统计量按通道在 (N, D, H, W) 上计算</translation>
    </message>
    <message>
        <source>Normalises each sample on its own (a whole image, else the last dimension)</source>
        <translation>对每个样本单独归一化（图像按整幅，其他按最后一维）</translation>
    </message>
    <message>
        <source>y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per sample</source>
        <translation>y = (x − E[x]) / √(Var[x] + ε) · γ + β，  统计量按样本计算</translation>
    </message>
    <message>
        <source>Normalises groups of channels within each sample</source>
        <translation>在每个样本内按通道分组做归一化</translation>
    </message>
    <message>
        <source>y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per sample and group of channels</source>
        <translation>y = (x − E[x]) / √(Var[x] + ε) · γ + β，  统计量按样本和通道组计算</translation>
    </message>
    <message>
        <source>groups the channels are split into</source>
        <translation>把通道分成的组数</translation>
    </message>
    <message>
        <source>learnable scale γ and shift β per channel</source>
        <translation>每个通道可学习的缩放 γ 和平移 β</translation>
    </message>
    <message>
        <source>Reads a sequence step by step, carrying a hidden state</source>
        <translation>逐步读入序列，并传递隐藏状态</translation>
    </message>
    <message>
        <source>hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh)</source>
        <translation>hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh)</translation>
    </message>
    <message>
        <source>number of features in the hidden state</source>
        <translation>隐藏状态的特征数</translation>
    </message>
    <message>
        <source>recurrent layers stacked on each other</source>
        <translation>堆叠的循环层数</translation>
    </message>
    <message>
        <source>activation of the state</source>
        <translation>状态的激活函数</translation>
    </message>
    <message>
        <source>learnable biases b_ih and b_hh</source>
        <translation>可学习的偏置 b_ih 和 b_hh</translation>
    </message>
    <message>
        <source>dropout between stacked layers (needs num_layers &gt; 1)</source>
        <translation>堆叠层之间的 dropout（需要 num_layers &gt; 1）</translation>
    </message>
    <message>
        <source>also read the sequence backwards; doubles the output features</source>
        <translation>同时反向读取序列；输出特征数加倍</translation>
    </message>
    <message>
        <source>A recurrent layer with gates and a cell state that remembers for long</source>
        <translation>带门控和细胞状态的循环层，能记住较长时间的信息</translation>
    </message>
    <message>
        <source>cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ,  hₜ = oₜ⊙tanh(cₜ);  i, f, o = σ(…), g = tanh(…)</source>
        <translation>cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ,  hₜ = oₜ⊙tanh(cₜ);  i, f, o = σ(…), g = tanh(…)</translation>
    </message>
    <message>
        <source>A gated recurrent layer, lighter than an LSTM</source>
        <translation>门控循环层，比 LSTM 更轻量</translation>
    </message>
    <message>
        <source>hₜ = (1 − zₜ)⊙nₜ + zₜ⊙hₜ₋₁,  nₜ = tanh(W_in xₜ + rₜ⊙(W_hn hₜ₋₁ + b_hn))</source>
        <translation>hₜ = (1 − zₜ)⊙nₜ + zₜ⊙hₜ₋₁,  nₜ = tanh(W_in xₜ + rₜ⊙(W_hn hₜ₋₁ + b_hn))</translation>
    </message>
    <message>
        <source>Keeps positive values, zeroes the rest</source>
        <translation>保留正值，其余置零</translation>
    </message>
    <message>
        <source>y = max(0, x)</source>
        <translation>y = max(0, x)</translation>
    </message>
    <message>
        <source>Like ReLU but lets a small slope through for negatives</source>
        <translation>类似 ReLU，但负值部分保留一个小斜率</translation>
    </message>
    <message>
        <source>y = x if x &gt; 0 else negative_slope · x</source>
        <translation>x &gt; 0 时 y = x，否则 y = negative_slope · x</translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation>负输入的斜率</translation>
    </message>
    <message>
        <source>Smooth for negatives, tending to −α</source>
        <translation>负值部分平滑，趋向 −α</translation>
    </message>
    <message>
        <source>y = x if x &gt; 0 else α(eˣ − 1)</source>
        <translation>x &gt; 0 时 y = x，否则 y = α(eˣ − 1)</translation>
    </message>
    <message>
        <source>negative inputs tend to −alpha</source>
        <translation>负输入趋向 −alpha</translation>
    </message>
    <message>
        <source>A smooth ReLU weighted by the Gaussian&apos;s cumulative distribution</source>
        <translation>以高斯累积分布加权的平滑 ReLU</translation>
    </message>
    <message>
        <source>y = x · Φ(x)</source>
        <translation>y = x · Φ(x)</translation>
    </message>
    <message>
        <source>exact or tanh approximation</source>
        <translation>精确计算或 tanh 近似</translation>
    </message>
    <message>
        <source>Squashes values into (0, 1)</source>
        <translation>把数值压缩到 (0, 1)</translation>
    </message>
    <message>
        <source>y = 1 / (1 + e⁻ˣ)</source>
        <translation>y = 1 / (1 + e⁻ˣ)</translation>
    </message>
    <message>
        <source>Squashes values into (−1, 1)</source>
        <translation>把数值压缩到 (−1, 1)</translation>
    </message>
    <message>
        <source>y = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)</source>
        <translation>y = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)</translation>
    </message>
    <message>
        <source>Turns scores into probabilities that sum to 1</source>
        <translation>把得分变成和为 1 的概率</translation>
    </message>
    <message>
        <source>yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}</source>
        <translation>yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}</translation>
    </message>
    <message>
        <source>the dimension that sums to 1</source>
        <translation>和为 1 的那一维</translation>
    </message>
    <message>
        <source>The logarithm of softmax, computed stably (pair with NLLLoss)</source>
        <translation>softmax 的对数，数值稳定地计算（与 NLLLoss 搭配）</translation>
    </message>
    <message>
        <source>yᵢ = xᵢ − log Σⱼ e^{xⱼ}</source>
        <translation>yᵢ = xᵢ − log Σⱼ e^{xⱼ}</translation>
    </message>
    <message>
        <source>the dimension it runs over</source>
        <translation>计算所沿的维度</translation>
    </message>
    <message>
        <source>A smooth ReLU</source>
        <translation>平滑的 ReLU</translation>
    </message>
    <message>
        <source>y = log(1 + e^{βx}) / β</source>
        <translation>y = log(1 + e^{βx}) / β</translation>
    </message>
    <message>
        <source>sharpness of the bend</source>
        <translation>拐弯处的锐利程度</translation>
    </message>
    <message>
        <source>above β·x &gt; threshold the layer is linear</source>
        <translation>当 β·x &gt; threshold 时，该层为线性</translation>
    </message>
    <message>
        <source>While training, zeroes random values and rescales the rest</source>
        <translation>训练时随机把一些值置零，并放大其余的值</translation>
    </message>
    <message>
        <source>y = x · m / (1 − p),  m ~ Bernoulli(1 − p); y = x in eval mode</source>
        <translation>y = x · m / (1 − p)，  m ~ Bernoulli(1 − p)；评估模式下 y = x</translation>
    </message>
    <message>
        <source>probability of zeroing each value</source>
        <translation>每个值被置零的概率</translation>
    </message>
    <message>
        <source>While training, zeroes whole random channels</source>
        <translation>训练时随机把整个通道置零</translation>
    </message>
    <message>
        <source>y[c] = x[c] · m_c / (1 − p),  m_c ~ Bernoulli(1 − p)</source>
        <translation>y[c] = x[c] · m_c / (1 − p),  m_c ~ Bernoulli(1 − p)</translation>
    </message>
    <message>
        <source>probability of zeroing each channel</source>
        <translation>每个通道被置零的概率</translation>
    </message>
    <message>
        <source>Joins dimensions into one, e.g. an image into a vector</source>
        <translation>把多个维度合并成一维，例如把图像变成向量</translation>
    </message>
    <message>
        <source>(C, H, W) → (C·H·W)</source>
        <translation>(C, H, W) → (C·H·W)</translation>
    </message>
    <message>
        <source>first dimension to join (0 is the batch)</source>
        <translation>要合并的第一个维度（0 是批维度）</translation>
    </message>
    <message>
        <source>last dimension to join</source>
        <translation>要合并的最后一个维度</translation>
    </message>
    <message>
        <source>Splits one dimension into several, e.g. a vector into an image</source>
        <translation>把一个维度拆成多个，例如把向量变成图像</translation>
    </message>
    <message>
        <source>(C·H·W) → (C, H, W)</source>
        <translation>(C·H·W) → (C, H, W)</translation>
    </message>
    <message>
        <source>the dimension to split (0 is the batch)</source>
        <translation>要拆分的维度（0 是批维度）</translation>
    </message>
    <message>
        <source>the sizes it is split into; one may be -1</source>
        <translation>拆分后的各维大小；可以有一个为 -1</translation>
    </message>
    <message>
        <source>Enlarges an image or sequence by repeating values</source>
        <translation>通过重复数值放大图像或序列</translation>
    </message>
    <message>
        <source>y[c, i, j] = x[c, ⌊i / s⌋, ⌊j / s⌋]</source>
        <translation>y[c, i, j] = x[c, ⌊i / s⌋, ⌊j / s⌋]</translation>
    </message>
    <message>
        <source>how many times larger</source>
        <translation>放大的倍数</translation>
    </message>
    <message>
        <source>how new values are filled in</source>
        <translation>新数值的填充方式</translation>
    </message>
</context>
<context>
    <name>data</name>
    <message>
        <source>Unknown dataset {name}: choose one of {known}.</source>
        <translation>未知的数据集 {name}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>The dataset options must be a JSON object, not {value}.</source>
        <translation>数据集选项必须是 JSON 对象，而不是 {value}。</translation>
    </message>
    <message>
        <source>The dataset {name} has no option {key}; it takes: {known}.</source>
        <translation>数据集 {name} 没有选项 {key}；它的选项有：{known}。</translation>
    </message>
    <message>
        <source>The dataset option {key} must be {kind}, not {value}.</source>
        <translation>数据集选项 {key} 必须是{kind}，而不是 {value}。</translation>
    </message>
    <message>
        <source>The model ends with {shape} values per sample but {data} has {classes} classes: end with a Linear with out_features={classes} after a Flatten</source>
        <translation>模型每个样本输出 {shape} 个值，但 {data} 有 {classes} 个类别：请在 Flatten 之后以 out_features={classes} 的 Linear 结尾</translation>
    </message>
    <message>
        <source>The model ends with {shape} values per sample but {data} has {classes} classes: end with a Linear with out_features={classes}</source>
        <translation>模型每个样本输出 {shape} 个值，但 {data} 有 {classes} 个类别：请以 out_features={classes} 的 Linear 结尾</translation>
    </message>
    <message>
        <source>The model gives {shape} per sample but {data} needs {what}, {want}: end with a Linear with out_features={features}</source>
        <translation>模型每个样本输出 {shape}，但 {data} 需要{what}，即 {want}：请以 out_features={features} 的 Linear 结尾</translation>
    </message>
    <message>
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>sin → cos sequences</source>
        <translation>sin → cos 序列</translation>
    </message>
    <message>
        <source>one value per step</source>
        <translation>每个时间步一个值</translation>
    </message>
    <message>
        <source>Circle (2-D)</source>
        <translation>圆形（二维）</translation>
    </message>
    <message>
        <source>outside</source>
        <translation>外圈</translation>
    </message>
    <message>
        <source>inside</source>
        <translation>内圈</translation>
    </message>
    <message>
        <source>XOR (2-D)</source>
        <translation>异或（二维）</translation>
    </message>
    <message>
        <source>opposite signs</source>
        <translation>异号</translation>
    </message>
    <message>
        <source>same signs</source>
        <translation>同号</translation>
    </message>
    <message>
        <source>Two gaussians (2-D)</source>
        <translation>两个高斯团（二维）</translation>
    </message>
    <message>
        <source>lower left</source>
        <translation>左下</translation>
    </message>
    <message>
        <source>upper right</source>
        <translation>右上</translation>
    </message>
    <message>
        <source>Spiral (2-D)</source>
        <translation>螺旋（二维）</translation>
    </message>
    <message>
        <source>arm B</source>
        <translation>旋臂 B</translation>
    </message>
    <message>
        <source>arm A</source>
        <translation>旋臂 A</translation>
    </message>
    <message>
        <source>Plane (2-D regression)</source>
        <translation>平面（二维回归）</translation>
    </message>
    <message>
        <source>Multi-gaussian (2-D regression)</source>
        <translation>多高斯（二维回归）</translation>
    </message>
    <message>
        <source>{data}: the test ratio must be between 0 and 1, not {value}.</source>
        <translation>{data}：测试集比例必须在 0 和 1 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>{data}: the number of points must be from 4 to {most:,}, not {value}.</source>
        <translation>{data}：点数必须在 4 到 {most:,} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>{data}: the noise must be from 0 to 0.5, not {value}.</source>
        <translation>{data}：噪声必须在 0 到 0.5 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>{data}: {error}</source>
        <translation>{data}：{error}</translation>
    </message>
    <message>
        <source>one value per point</source>
        <translation>每个点一个值</translation>
    </message>
    <message>
        <source>image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV 表格</translation>
    </message>
    <message>
        <source>NumPy arrays</source>
        <translation>NumPy 数组</translation>
    </message>
    <message>
        <source>{path} is neither a folder of class folders of images, nor a .csv table, nor an .npz file.</source>
        <translation>{path} 既不是按类别分子文件夹的图像文件夹，也不是 .csv 表格或 .npz 文件。</translation>
    </message>
    <message>
        <source>Choose the {kind} to train on: its path is empty.</source>
        <translation>请选择用于训练的{kind}：路径为空。</translation>
    </message>
    <message>
        <source>{path} does not exist (moved or deleted?).</source>
        <translation>{path} 不存在（已移动或删除？）。</translation>
    </message>
    <message>
        <source>{data}: the task must be one of {known}, not {value}.</source>
        <translation>{data}：任务必须是 {known} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>{data}: the image size must be from {least} to {most}, not {value}.</source>
        <translation>{data}：图像尺寸必须在 {least} 到 {most} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>{data}: the colour must be one of {known}, not {value}.</source>
        <translation>{data}：颜色模式必须是 {known} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>{name} (image folder)</source>
        <translation>{name}（图像文件夹）</translation>
    </message>
    <message>
        <source>{name} (table)</source>
        <translation>{name}（表格）</translation>
    </message>
    <message>
        <source>one value per row</source>
        <translation>每行一个值</translation>
    </message>
    <message>
        <source>{name} (arrays)</source>
        <translation>{name}（数组）</translation>
    </message>
    <message>
        <source>one value per sample</source>
        <translation>每个样本一个值</translation>
    </message>
    <message>
        <source>{count} values per sample</source>
        <translation>每个样本 {count} 个值</translation>
    </message>
    <message>
        <source>{data} has too few samples ({count}) for a training, a validation and a test split.</source>
        <translation>{data} 的样本太少（{count} 个），不够分出训练集、验证集和测试集。</translation>
    </message>
    <message>
        <source>{file} is not an .npz (zip) file.</source>
        <translation>{file} 不是 .npz（zip）文件。</translation>
    </message>
    <message>
        <source>{file} needs arrays named x and y; it has {keys}.</source>
        <translation>{file} 需要名为 x 和 y 的数组；它只有 {keys}。</translation>
    </message>
    <message>
        <source>{file} has one of x_test and y_test but not the other.</source>
        <translation>{file} 只有 x_test 和 y_test 中的一个。</translation>
    </message>
    <message>
        <source>Cannot read {file} as a NumPy .npz file: {reason}</source>
        <translation>无法把 {file} 当作 NumPy .npz 文件读取：{reason}</translation>
    </message>
    <message>
        <source>{file}: {y} is a single value; it must hold one entry per sample (N, ...).</source>
        <translation>{file}：{y} 只是单个值；它必须每个样本一项 (N, ...)。</translation>
    </message>
    <message>
        <source>{file}: {x} has {n} samples but {y} has {m}; they must match.</source>
        <translation>{file}：{x} 有 {n} 个样本，但 {y} 有 {m} 个；两者必须一致。</translation>
    </message>
    <message>
        <source>{file}: x_test&apos;s samples have the shape {test} but x&apos;s have {train}.</source>
        <translation>{file}：x_test 的样本形状是 {test}，而 x 的是 {train}。</translation>
    </message>
    <message>
        <source>{file}: y_test&apos;s targets have the shape {test} but y&apos;s have {train}.</source>
        <translation>{file}：y_test 的目标形状是 {test}，而 y 的是 {train}。</translation>
    </message>
    <message>
        <source>{file}: y_test has the class {name}, which y has not.</source>
        <translation>{file}：y_test 含有类别 {name}，而 y 中没有。</translation>
    </message>
    <message>
        <source>{file}: {key} holds object arrays, which are refused (nothing is unpickled).</source>
        <translation>{file}：{key} 含有对象数组，已拒绝（不做反序列化）。</translation>
    </message>
    <message>
        <source>{file}: {key} must be a non-empty array of numbers (N, ...), not {dtype} of shape {shape}.</source>
        <translation>{file}：{key} 必须是非空的数值数组 (N, ...)，而不是形状为 {shape} 的 {dtype}。</translation>
    </message>
    <message>
        <source>{file}: {key} holds NaN or infinite values (sample {index}).</source>
        <translation>{file}：{key} 含有 NaN 或无穷大（样本 {index}）。</translation>
    </message>
    <message>
        <source>{file}: a regression&apos;s {key} must be finite numbers (N,) or (N, k), not {dtype} of shape {shape}.</source>
        <translation>{file}：回归任务的 {key} 必须是有限数值 (N,) 或 (N, k)，而不是形状为 {shape} 的 {dtype}。</translation>
    </message>
    <message>
        <source>{file}: {key} must be one class label per sample (N,): whole numbers or text, not {dtype} of shape {shape}.</source>
        <translation>{file}：{key} 必须是每个样本一个类别标签 (N,)：整数或文本，而不是形状为 {shape} 的 {dtype}。</translation>
    </message>
    <message>
        <source>{file}: {key} has one class only ({name}); a classifier needs at least two.</source>
        <translation>{file}：{key} 只有一个类别（{name}）；分类器至少需要两个。</translation>
    </message>
    <message>
        <source>Reading images needs Pillow outside the app: pip install Pillow</source>
        <translation>在应用之外读取图像需要 Pillow：pip install Pillow</translation>
    </message>
    <message>
        <source>{folder}: test/ has the classes {test} but train/ has {train}; they must be the same.</source>
        <translation>{folder}：test/ 的类别是 {test}，而 train/ 的是 {train}；两者必须相同。</translation>
    </message>
    <message>
        <source>Not an image folder: {problem}</source>
        <translation>不是图像文件夹：{problem}</translation>
    </message>
    <message>
        <source>{folder} has one class folder only ({name}); a classifier needs at least two, one subfolder of images per class.</source>
        <translation>{folder} 只有一个类别文件夹（{name}）；分类器至少需要两个，每个类别一个图像子文件夹。</translation>
    </message>
    <message>
        <source>Cannot read the image {file}: {reason}</source>
        <translation>无法读取图像 {file}：{reason}</translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <source>{file} is not a readable CSV table: {reason}</source>
        <translation>{file} 不是可读的 CSV 表格：{reason}</translation>
    </message>
    <message>
        <source>{file} needs a header row and at least one row of data.</source>
        <translation>{file} 需要一行表头和至少一行数据。</translation>
    </message>
    <message>
        <source>{file}: the header row needs a different, non-empty name for every column.</source>
        <translation>{file}：表头必须为每一列给出不同且非空的名称。</translation>
    </message>
    <message>
        <source>{file}, row {row}: {count} values, but the header has {columns} columns.</source>
        <translation>{file}，第 {row} 行：有 {count} 个值，但表头有 {columns} 列。</translation>
    </message>
    <message>
        <source>{file} has no column {label}; its columns are {columns}.</source>
        <translation>{file} 没有 {label} 列；它的列是 {columns}。</translation>
    </message>
    <message>
        <source>{file} has no feature column besides the label {label}.</source>
        <translation>{file} 除标签 {label} 外没有特征列。</translation>
    </message>
    <message>
        <source>{file}, row {row}, column {column}: the value is missing.</source>
        <translation>{file}，第 {row} 行，{column} 列：缺少数值。</translation>
    </message>
    <message>
        <source>{file}, row {row}, column {column}: {value} is not a number.</source>
        <translation>{file}，第 {row} 行，{column} 列：{value} 不是数字。</translation>
    </message>
    <message>
        <source>{file}, row {row}: the label {value} is not a number, and a regression needs numbers.</source>
        <translation>{file}，第 {row} 行：标签 {value} 不是数字，而回归任务需要数字。</translation>
    </message>
    <message>
        <source>{file}, row {row}: the label is missing.</source>
        <translation>{file}，第 {row} 行：缺少标签。</translation>
    </message>
    <message>
        <source>{file}: the label column {label} has one class only ({name}); a classifier needs at least two.</source>
        <translation>{file}：标签列 {label} 只有一个类别（{name}）；分类器至少需要两个。</translation>
    </message>
    <message>
        <source>Unknown augmentation {key}: choose from {known}.</source>
        <translation>未知的数据增强 {key}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>The augmentation {key} must be from 0 to {most}, not {value}.</source>
        <translation>数据增强 {key} 必须在 0 到 {most} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>{count} classes ({names}) · input {shape} · {samples:,} samples</source>
        <translation>{count} 个类别（{names}）· 输入 {shape} · {samples:,} 个样本</translation>
    </message>
    <message>
        <source>regression to {target} · input {shape} · {samples:,} samples</source>
        <translation>回归目标 {target} · 输入 {shape} · {samples:,} 个样本</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <source>Original MLP (784-16-16-10, sigmoid output, square loss)</source>
        <translation>原始 MLP（784-16-16-10，sigmoid 输出，平方损失）</translation>
    </message>
    <message>
        <source>MLP 784-128-64-10</source>
        <translation>MLP 784-128-64-10</translation>
    </message>
    <message>
        <source>LeNet-5</source>
        <translation>LeNet-5</translation>
    </message>
    <message>
        <source>PyTorch MNIST example CNN</source>
        <translation>PyTorch MNIST 示例 CNN</translation>
    </message>
    <message>
        <source>RNN sin-to-cos</source>
        <translation>RNN sin→cos</translation>
    </message>
    <message>
        <source>LSTM sin-to-cos</source>
        <translation>LSTM sin→cos</translation>
    </message>
</context>
<context>
    <name>runs</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Best val</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>{name}: {value} is not a valid value</source>
        <translation>{name}：{value} 不是有效值</translation>
    </message>
    <message>
        <source>{name}: give at least one value</source>
        <translation>{name}：至少给出一个值</translation>
    </message>
    <message>
        <source>A sweep varies one to three settings.</source>
        <translation>扫描可改变一到三项设置。</translation>
    </message>
    <message>
        <source>{name} cannot be swept</source>
        <translation>{name} 不能扫描</translation>
    </message>
    <message>
        <source>That is {count} runs; a sweep has at most {most}.</source>
        <translation>那是 {count} 个运行；一次扫描最多 {most} 个。</translation>
    </message>
    <message>
        <source>{label}: {problem}</source>
        <translation>{label}：{problem}</translation>
    </message>
    <message>
        <source>Cannot use the run database {file}: {error}</source>
        <translation>无法使用运行记录数据库 {file}：{error}</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>无法读取 {file}：{error}</translation>
    </message>
    <message>
        <source>it has schema version {version}, newer than this mtorch_gui knows ({known}): update mtorch_gui</source>
        <translation>它的结构版本为 {version}，比此 mtorch_gui 支持的版本（{known}）新：请更新 mtorch_gui</translation>
    </message>
    <message>
        <source>Cannot write the run database {file}: {error}</source>
        <translation>无法写入运行记录数据库 {file}：{error}</translation>
    </message>
    <message>
        <source>Cannot write run {run}&apos;s weights {file}: {error}</source>
        <translation>无法写入运行 {run} 的权重 {file}：{error}</translation>
    </message>
    <message>
        <source>Cannot read run {run}&apos;s model: {error}</source>
        <translation>无法读取运行 {run} 的模型：{error}</translation>
    </message>
    <message>
        <source>Run {run} has no weights recorded</source>
        <translation>运行 {run} 没有记录权重</translation>
    </message>
    <message>
        <source>Cannot read run {run}: {error}</source>
        <translation>无法读取运行 {run}：{error}</translation>
    </message>
    <message>
        <source>it holds no state dict</source>
        <translation>其中没有状态字典（state dict）</translation>
    </message>
</context>
<context>
    <name>spec</name>
    <message>
        <source>Layer {n}: {error}</source>
        <translation>第 {n} 层：{error}</translation>
    </message>
    <message>
        <source>The model has no layers yet: add one from the palette or choose a preset</source>
        <translation>模型还没有任何层：从层面板添加一层，或选择一个预设</translation>
    </message>
    <message>
        <source>The model has {total:,} parameters ({size:.1f} GB of weights); mtorch_gui trains models of up to {most:,}: use fewer or smaller layers</source>
        <translation>模型有 {total:,} 个参数（权重 {size:.1f} GB）；mtorch_gui 最多训练 {most:,} 个参数的模型：请减少层数或缩小层</translation>
    </message>
</context>
<context>
    <name>training</name>
    <message>
        <source>Conv2d filters of layer {layer} ({count} of {h}x{w})</source>
        <translation>第 {layer} 层的 Conv2d 滤波器（{count} 个，{h}x{w}）</translation>
    </message>
    <message>
        <source>Linear weights of layer {layer}, one 28x28 image per unit</source>
        <translation>第 {layer} 层的 Linear 权重，每个单元一张 28x28 图像</translation>
    </message>
    <message>
        <source>The first layer with weights (layer {layer}) does not look at the 28x28 image directly.</source>
        <translation>第一个有权重的层（第 {layer} 层）并不直接看 28x28 图像。</translation>
    </message>
    <message>
        <source>The model has no weighted layer to show.</source>
        <translation>模型没有可展示的带权重的层。</translation>
    </message>
    <message>
        <source>Unknown dataset {value}: choose one of {known}.</source>
        <translation>未知的数据集 {value}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>Unknown loss {value}: choose one of {known}.</source>
        <translation>未知的损失函数 {value}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>Unknown optimiser {value}: choose one of {known}.</source>
        <translation>未知的优化器 {value}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>Unknown scheduler {value}: choose one of {known}.</source>
        <translation>未知的学习率调度器 {value}：请从 {known} 中选择。</translation>
    </message>
    <message>
        <source>The learning rate must be a positive number, not {value}.</source>
        <translation>学习率必须是正数，而不是 {value}。</translation>
    </message>
    <message>
        <source>The weight decay must be zero or positive, not {value}.</source>
        <translation>权重衰减必须为零或正数，而不是 {value}。</translation>
    </message>
    <message>
        <source>The momentum must be in [0, 1), not {value}.</source>
        <translation>动量必须在 [0, 1) 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>Nesterov momentum needs SGD with a momentum above zero.</source>
        <translation>Nesterov 动量需要 SGD，且动量大于零。</translation>
    </message>
    <message>
        <source>The batch size must be at least 1, not {value}.</source>
        <translation>批大小至少为 1，而不是 {value}。</translation>
    </message>
    <message>
        <source>The number of epochs must be at least 1, not {value}.</source>
        <translation>轮次数至少为 1，而不是 {value}。</translation>
    </message>
    <message>
        <source>The sample limit must be at least 1, not {value}.</source>
        <translation>样本上限至少为 1，而不是 {value}。</translation>
    </message>
    <message>
        <source>Augmentation is for images and {data} holds none: turn it off in the Data tab.</source>
        <translation>数据增强只用于图像，而 {data} 不含图像：请在“数据”页关闭它。</translation>
    </message>
    <message>
        <source>{loss} is for classes; {data} is regression: choose MSELoss, L1Loss or SmoothL1Loss.</source>
        <translation>{loss} 用于分类；{data} 是回归任务：请选择 MSELoss、L1Loss 或 SmoothL1Loss。</translation>
    </message>
    <message>
        <source>The model cannot be built: {error}</source>
        <translation>无法构建模型：{error}</translation>
    </message>
    <message>
        <source>This run stopped because its loss diverged; start a new run.</source>
        <translation>这次训练因损失发散而停止；请重新开始训练。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The loss was above {factor:g} times its starting value {start:.3g} in {high} of the last {batches} batches (up to epoch {epoch}, batch {batch}, where it is {loss:.3g}): the run diverges. The weights from before those batches were restored. {advice}</source>
        <translation>在最近 {batches} 个批次中有 {high} 个批次的损失超过初始值 {start:.3g} 的 {factor:g} 倍（截至第 {epoch} 轮第 {batch} 批次，当前为 {loss:.3g}）：训练正在发散。已恢复这些批次之前的权重。{advice}</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>not a number (NaN)</source>
        <translation>非数值（NaN）</translation>
    </message>
    <message>
        <source>infinite</source>
        <translation>无穷大</translation>
    </message>
    <message>
        <source>The {what} became {kind} at epoch {epoch}, batch {batch}, so training stopped and the weights from the last good batch were restored. {advice}</source>
        <translation>{what}在第 {epoch} 轮第 {batch} 批次变成了{kind}，因此训练已停止，并已恢复最后一个正常批次的权重。{advice}</translation>
    </message>
    <message>
        <source>Most likely the learning rate {lr:g} is too high for {optimizer} on this model: try {smaller:g}.</source>
        <translation>最可能的原因是学习率 {lr:g} 对这个模型上的 {optimizer} 来说太大：试试 {smaller:g}。</translation>
    </message>
    <message>
        <source>After epoch {epoch} the validation accuracy is {accuracy:.1%}, about what guessing gives ({chance:.0%}), and the training loss {loss:.3g} is above its starting value {start:.3g}: the run diverges. The weights from the start of the epoch were restored. {advice}</source>
        <translation>第 {epoch} 轮结束后验证准确率为 {accuracy:.1%}，和随机猜测（{chance:.0%}）差不多，而训练损失 {loss:.3g} 高于初始值 {start:.3g}：训练正在发散。已恢复本轮开始时的权重。{advice}</translation>
    </message>
    <message>
        <source>The model cannot read {data} samples of shape {shape}: {error}</source>
        <translation>模型无法读取形状为 {shape} 的 {data} 样本：{error}</translation>
    </message>
    <message>
        <source>BCELoss needs probabilities in [0, 1]: end the model with Sigmoid, or choose BCEWithLogitsLoss.</source>
        <translation>BCELoss 需要 [0, 1] 之间的概率：请以 Sigmoid 结尾，或改用 BCEWithLogitsLoss。</translation>
    </message>
    <message>
        <source>NLLLoss needs log-probabilities: end the model with LogSoftmax, or choose CrossEntropyLoss.</source>
        <translation>NLLLoss 需要对数概率：请以 LogSoftmax 结尾，或改用 CrossEntropyLoss。</translation>
    </message>
    <message>
        <source>Training failed: {kind}: {error}</source>
        <translation>训练失败：{kind}：{error}</translation>
    </message>
</context>
</TS>
