package org.sanlv.instrument;

import static org.sanlv.instrument.QuestionType.BEGIN_GROUP;
import static org.sanlv.instrument.QuestionType.END_GROUP;
import static org.sanlv.instrument.QuestionType.INTEGER;
import static org.sanlv.instrument.QuestionType.NOTE;
import static org.sanlv.instrument.QuestionType.SELECT_MULTIPLE;
import static org.sanlv.instrument.QuestionType.SELECT_ONE;
import static org.sanlv.instrument.QuestionType.TEXT;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in questionnaires as code, from which {@code src/main/resources/instruments/*.xlsx} are generated.
 * Run {@link #main} (or the test with {@code -Dsanlv.regenerate=true}) after changing this file, then commit
 * the .xlsx files; {@code BuiltInInstrumentsTest} fails while they differ.
 */
final class BuiltInFormSources {
    static final Path DIR = Path.of("src/main/resources/instruments");

    private BuiltInFormSources() {
    }

    public static void main(String[] args) throws IOException {
        writeAll();
    }

    static void writeAll() throws IOException {
        Files.createDirectories(DIR);
        for (Instrument f : List.of(zhejiang2022(), henanLiangan2020())) {
            try (OutputStream out = Files.newOutputStream(DIR.resolve(f.id() + ".xlsx"))) {
                Instruments.withDefaults().exportXlsForm(f, out);
            }
        }
    }

    private static Map<String, String> t(String zh, String en) {
        return Maps.zhEn(zh, en);
    }

    private static final String EXCLUSIVE = "not(selected(., '%s') and count-selected(.) > 1)";

    /** Seed 1, 附件4: 全省群众安全感调查问卷（供参考）, Zhejiang 2022. */
    static Instrument zhejiang2022() {
        List<Question> q = new ArrayList<>();
        List<ChoiceList> lists = new ArrayList<>();
        screening(q, "33", "浙江省");

        q.add(Question.of(BEGIN_GROUP, "main", t("问题与答案", "Questions")).withRelevant("${age} >= 16"));
        multiple(q, lists, "q1", "一、今年以来，您或您的家人是否遭受过不法侵害？",
                "1. So far this year, have you or your family suffered any unlawful harm?", "1", "7",
                c("1", "没有", "None"),
                c("2", "遭扒窃、盗窃、抢劫、抢夺", "Pickpocketing, theft, robbery or snatching"),
                c("3", "人身伤害", "Bodily injury"),
                c("4", "敲诈勒索", "Extortion"),
                c("5", "电信网络诈骗、网络赌博", "Telecom or online fraud, online gambling"),
                c("6", "套路贷", "Predatory \"trap\" loans"),
                c("7", "其他（请注明）", "Other (please specify)"));
        single(q, lists, "q2", "二、您觉得本地的社会治安状况如何？",
                "2. How do you rate public order and security where you live?", "rating4");
        lists.add(new ChoiceList("rating4", List.of(c("1", "好", "Good"), c("2", "较好", "Fairly good"),
                c("3", "不太好", "Not very good"), c("4", "不好", "Bad"))));
        multiple(q, lists, "q3", "三、今年以来，您或您的家人是否碰到过食品药品安全问题？",
                "3. So far this year, have you or your family met any food or drug safety problem?", "1", "5",
                c("1", "没有", "None"),
                c("2", "假冒伪劣食品药品", "Counterfeit or substandard food or drugs"),
                c("3", "食物中毒", "Food poisoning"),
                c("4", "虚假保健品", "Fake health products"),
                c("5", "其他（请注明）", "Other (please specify)"));
        single(q, lists, "q4", "四、您觉得本地的食品药品安全状况如何？",
                "4. How do you rate food and drug safety where you live?", "rating4");
        multiple(q, lists, "q5", "五、今年以来，您或您的家人是否遇到过生产安全问题？",
                "5. So far this year, have you or your family met any work or production safety problem?", "1", "7",
                c("1", "没有", "None"),
                c("2", "企业生产安全事故", "Industrial accident at a company"),
                c("3", "交通事故", "Traffic accident"),
                c("4", "火灾事故", "Fire"),
                c("5", "燃气爆炸事故", "Gas explosion"),
                c("6", "工程建设事故", "Construction accident"),
                c("7", "其他（请注明）", "Other (please specify)"));
        single(q, lists, "q6", "六、您觉得本地的生产安全状况如何？",
                "6. How do you rate work and production safety where you live?", "rating4");
        multiple(q, lists, "q7", "七、今年以来，您所在地是否出现过生态环境问题？",
                "7. So far this year, has your area had any environmental problem?", "1", "5",
                c("1", "没有", "None"),
                c("2", "空气污染", "Air pollution"),
                c("3", "水污染", "Water pollution"),
                c("4", "土壤污染", "Soil pollution"),
                c("5", "其他（请注明）", "Other (please specify)"));
        single(q, lists, "q8", "八、您觉得本地的生态环境状况如何？",
                "8. How do you rate the environment where you live?", "rating4");
        single(q, lists, "q9", "九、您觉得本地的总体安全感如何？",
                "9. How safe do you feel overall where you live?", "rating4");

        lists.add(new ChoiceList("q10", List.of(
                c("1", "社会治安", "Public order"),
                c("2", "消防安全", "Fire safety"),
                c("3", "生产安全", "Work and production safety"),
                c("4", "生态环境安全", "Environmental safety"),
                c("5", "交通安全", "Traffic safety"),
                c("6", "网络信息安全", "Online and information security"),
                c("7", "食品药品安全", "Food and drug safety"),
                c("8", "公共卫生安全（含医疗事故、疫情等）", "Public health safety (incl. medical accidents, epidemics)"))));
        q.add(Question.select(SELECT_MULTIPLE, "q10", "q10",
                t("十、请问下列内容中，您关注的前三位安全问题是？（选三项）",
                        "10. Of the following, which are the three safety issues you care about most? (choose three)"))
                .withRequired("yes")
                .withConstraint("count-selected(.) = 3", t("请选择三项", "Please choose exactly three")));

        multiple(q, lists, "q11", "十一、您知道以下哪些属于电信网络诈骗？",
                "11. Which of the following do you know to be telecom or online fraud?", "14", "13",
                c("1", "公检法电话要求转账", "A call from \"police, procuratorate or court\" asking for a transfer"),
                c("2", "网上兼职刷单", "Online part-time \"order brushing\""),
                c("3", "直播间炒股", "Stock tips in live-stream rooms"),
                c("4", "交友婚恋为由参与虚拟货币投资", "Virtual-currency investment through dating or romance"),
                c("5", "网络贷款", "Online loans"),
                c("6", "网络赌博", "Online gambling"),
                c("7", "退款、退费、退税，要求先付保证金", "Refunds or tax rebates that first require a deposit"),
                c("8", "被拉进QQ工作群，群里公司老板着急要求转账",
                        "Being added to a QQ work group where the \"boss\" urgently demands a transfer"),
                c("9", "微信上自称领导要求代为转账", "Someone on WeChat claiming to be your superior asks you to transfer money"),
                c("10", "免费领取游戏皮肤和福利", "Free game skins and rewards"),
                c("11", "利用赌博游戏漏洞赚钱", "Making money from loopholes in gambling games"),
                c("12", "以注销贷款记录为由要求登录借贷平台或者下载贷款APP进行操作",
                        "Being asked to log in to a lending platform or install a loan app to \"cancel a loan record\""),
                c("13", "其他（请注明）", "Other (please specify)"),
                c("14", "不知道", "Don't know"));
        multiple(q, lists, "q12", "十二、您是否参与过平安创建活动？",
                "12. Have you taken part in any Safe-community (平安创建) activities?", "7", "6",
                c("1", "参与过疫情防控、矛盾纠纷调解、平安巡防、安全检查、维持公共秩序等志愿活动",
                        "Volunteered in epidemic control, dispute mediation, safety patrols, safety inspections, keeping public order, etc."),
                c("2", "参与过消防演习、应急演练", "Took part in fire drills or emergency drills"),
                c("3", "参与过禁毒、禁赌、扫黄", "Took part in anti-drug, anti-gambling or anti-vice work"),
                c("4", "制止或报告违法犯罪行为及公共安全问题（如：消防、交通、食品药品、生态环境、市政设施安全等）",
                        "Stopped or reported crimes or public-safety problems (e.g. fire, traffic, food and drugs, environment, municipal facilities)"),
                c("5", "参与过平安宣传资料发放、平安建设问卷调查等",
                        "Handed out Safe-community leaflets, helped with Safe-community questionnaires, etc."),
                c("6", "其他（请注明）", "Other (please specify)"),
                c("7", "没有参加", "Did not take part"));
        lists.add(new ChoiceList("q13", List.of(c("1", "好", "Good"), c("2", "较好", "Fairly good"),
                c("3", "差", "Poor"), c("4", "不了解", "Don't know"))));
        single(q, lists, "q13", "十三、您对打击整治养老诈骗专项工作的总体评价？",
                "13. Overall, how do you rate the special campaign against elder-care fraud?", "q13");
        q.add(Question.of(END_GROUP, "main", Map.of()));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("source", "seed 1, 附件4: 全省群众安全感调查问卷（供参考）");
        settings.put("wording", "as printed in the source; English labels are Sanlü's translation");
        settings.put("additions", "county (screening, filled by the system or chosen by the respondent) and the"
                + " under-16 terminating note are Sanlü's; they are not in the printed questionnaire");
        return new Instrument("zhejiang-2022", t("全省群众安全感调查问卷", "Zhejiang public safety survey questionnaire"),
                "33", 2022, "2022.1", "zh", List.of(Language.ZH, Language.EN), settings, q, orderLists(q, lists));
    }

    /** Seed 2 names Henan's 2020 两感 survey (公众安全感 + 政法机关执法满意度) but does not print it: our wording. */
    static Instrument henanLiangan2020() {
        List<Question> q = new ArrayList<>();
        List<ChoiceList> lists = new ArrayList<>();
        screening(q, "41", "河南省");

        q.add(Question.of(BEGIN_GROUP, "safety", t("公众安全感", "Public sense of safety")).withRelevant("${age} >= 16"));
        lists.add(new ChoiceList("safety5", List.of(c("1", "安全", "Safe"), c("2", "比较安全", "Fairly safe"),
                c("3", "一般", "So-so"), c("4", "不太安全", "Not very safe"), c("5", "不安全", "Unsafe"))));
        single(q, lists, "q1", "一、总体来说，您觉得您所在县（市、区）安全吗？",
                "1. Overall, how safe do you feel in your county?", "safety5");
        single(q, lists, "q2", "二、您晚上独自在外行走时，感觉安全吗？",
                "2. How safe do you feel walking alone outside at night?", "safety5");
        multiple(q, lists, "q3", "三、今年以来，您或您的家人是否遭受过违法犯罪侵害？",
                "3. So far this year, have you or your family been victims of crime?", "1", "5",
                c("1", "没有", "None"),
                c("2", "盗窃、抢劫、抢夺", "Theft, robbery or snatching"),
                c("3", "诈骗（含电信网络诈骗）", "Fraud (incl. telecom and online fraud)"),
                c("4", "人身伤害", "Bodily injury"),
                c("5", "其他（请注明）", "Other (please specify)"));
        single(q, lists, "q4", "四、与去年相比，您觉得本地的社会治安状况有何变化？",
                "4. Compared with last year, how has public order changed where you live?", "trend");
        lists.add(new ChoiceList("trend", List.of(c("1", "变好了", "Better"), c("2", "没有变化", "No change"),
                c("3", "变差了", "Worse"), c("4", "说不清", "Can't say"))));
        q.add(Question.of(END_GROUP, "safety", Map.of()));

        q.add(Question.of(BEGIN_GROUP, "satisfaction", t("政法机关执法满意度", "Satisfaction with law enforcement"))
                .withRelevant("${age} >= 16"));
        lists.add(new ChoiceList("satisfaction6", List.of(c("1", "满意", "Satisfied"), c("2", "比较满意", "Fairly satisfied"),
                c("3", "一般", "So-so"), c("4", "不太满意", "Not very satisfied"), c("5", "不满意", "Dissatisfied"),
                c("6", "不了解", "Don't know"))));
        single(q, lists, "q5", "五、您对本地公安机关的执法工作满意吗？",
                "5. How satisfied are you with the law enforcement of the local police (公安)?", "satisfaction6");
        multiple(q, lists, "q5a", "您对公安机关执法工作不满意的主要原因是？（可多选）",
                "What are the main reasons you are not satisfied with the police? (choose all that apply)", null, "5",
                c("1", "出警不及时", "Slow to respond"),
                c("2", "办事效率低", "Inefficient"),
                c("3", "服务态度不好", "Unfriendly attitude"),
                c("4", "执法不公正", "Unfair enforcement"),
                c("5", "其他（请注明）", "Other (please specify)"));
        q.set(q.size() - 2, q.get(q.size() - 2).withRelevant("selected(${q5}, '4') or selected(${q5}, '5')"));
        single(q, lists, "q6", "六、您对本地检察院的执法工作满意吗？",
                "6. How satisfied are you with the work of the local procuratorate (检察院)?", "satisfaction6");
        single(q, lists, "q7", "七、您对本地法院的审判执行工作满意吗？",
                "7. How satisfied are you with the trials and enforcement of the local courts (法院)?", "satisfaction6");
        single(q, lists, "q8", "八、您对本地司法行政机关（司法局、司法所、法律援助、人民调解等）的工作满意吗？",
                "8. How satisfied are you with the local justice bureaus (司法行政: legal aid, mediation, etc.)?",
                "satisfaction6");
        q.add(Question.of(END_GROUP, "satisfaction", Map.of()));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("source", "seed 2: 2020年度全省公众安全感和政法机关执法满意度（“两感”）调查, Henan");
        settings.put("wording", "ours: seed 2 names the survey but does not print its questionnaire; every question"
                + " and option here is Sanlü's wording");
        return new Instrument("henan-liangan-2020",
                t("公众安全感和政法机关执法满意度调查问卷", "Public safety and law-enforcement satisfaction questionnaire"),
                "41", 2020, "2020.1", "zh", List.of(Language.ZH, Language.EN), settings, q, orderLists(q, lists));
    }

    /** County (for screening and sampling), age with the under-16 end, household registration. */
    private static void screening(List<Question> q, String province, String provinceName) {
        q.add(Question.of(BEGIN_GROUP, "personal", t("个人情况", "About you")));
        q.add(Question.of(TEXT, "county", t("您现在居住在哪个县（市、区）？", "Which county (city, district) do you live in?"))
                .withHint(t("由访问系统按样本填写，或由受访者从列表中选择", "Filled in from the sample, or chosen from the list"))
                .withAppearance("county")
                .withRequired("yes")
                .withConstraint("regex(., '^" + province + "[0-9]{4}$')",
                        t("请选择" + provinceName + "的县（市、区）", "Choose a county of the province")));
        q.add(Question.of(INTEGER, "age", t("一、您的年龄：", "1. Your age:"))
                .withHint(t("周岁", "in completed years"))
                .withRequired("yes")
                .withConstraint(". >= 0 and . <= 120", t("请填写0至120之间的周岁年龄", "Enter an age between 0 and 120")));
        q.add(Question.of(NOTE, "ineligible", t("本次调查的对象是16周岁及以上的居民。感谢您的支持，访问到此结束！",
                        "This survey is for residents aged 16 and over. Thank you for your time; the interview ends here."))
                .withRelevant("${age} < 16")
                .withAppearance(Question.TERMINATE));
        q.add(Question.select(SELECT_ONE, "hukou", "hukou", t("二、您的户籍地：", "2. Your household registration (户籍):"))
                .withRequired("yes").withRelevant("${age} >= 16"));
        q.add(Question.of(END_GROUP, "personal", Map.of()));
    }

    private static List<ChoiceList> orderLists(List<Question> q, List<ChoiceList> lists) {
        List<ChoiceList> out = new ArrayList<>();
        out.add(new ChoiceList("hukou", List.of(c("1", "省内", "This province"), c("2", "省外及其他", "Other province or elsewhere"))));
        out.addAll(lists);
        return out;
    }

    private static Choice c(String code, String zh, String en) {
        return new Choice(code, t(zh, en));
    }

    private static void single(List<Question> q, List<ChoiceList> lists, String name, String zh, String en, String list) {
        q.add(Question.select(SELECT_ONE, name, list, t(zh, en)).withRequired("yes"));
    }

    /**
     * A select_multiple with its own list, an exclusive "none/don't know" code (or null) and an "other"
     * code followed by a required text question {@code <name>_other}.
     */
    private static void multiple(List<Question> q, List<ChoiceList> lists, String name, String zh, String en,
            String exclusive, String other, Choice... choices) {
        lists.add(new ChoiceList(name, List.of(choices)));
        Question m = Question.select(SELECT_MULTIPLE, name, name, t(zh, en)).withRequired("yes");
        if (exclusive != null) {
            String label = List.of(choices).stream().filter(ch -> ch.name().equals(exclusive)).findFirst()
                    .orElseThrow().label("zh");
            String labelEn = List.of(choices).stream().filter(ch -> ch.name().equals(exclusive)).findFirst()
                    .orElseThrow().label("en");
            m = m.withConstraint(EXCLUSIVE.formatted(exclusive),
                    t("“" + label + "”不能与其他选项同时选择", "\"" + labelEn + "\" cannot be combined with other options"));
        }
        q.add(m);
        q.add(Question.of(TEXT, name + "_other", t("其他（请注明）：", "Other (please specify):"))
                .withRequired("yes")
                .withRelevant("selected(${" + name + "}, '" + other + "')"));
    }
}
