package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BuiltInInstrumentsTest {
    static final Instruments INSTRUMENTS = Instruments.withDefaults();

    @BeforeAll
    static void regenerateWhenAsked() throws Exception {
        if (Boolean.getBoolean("sanlv.regenerate")) {
            BuiltInFormSources.writeAll();
        }
    }

    @Test
    void committedFilesAreExactlyWhatTheSourcesGenerate() throws Exception {
        for (Instrument source : List.of(BuiltInFormSources.zhejiang2022(), BuiltInFormSources.henanLiangan2020())) {
            byte[] committed = Files.readAllBytes(BuiltInFormSources.DIR.resolve(source.id() + ".xlsx"));
            Instrument read = INSTRUMENTS.importXlsForm(committed).orElseThrow().instrument();
            assertThat(read).as("%s.xlsx is stale: run with -Dsanlv.regenerate=true", source.id()).isEqualTo(source);
        }
    }

    @Test
    void everyBuiltInLoadsFromTheClasspathWithProvinceAndYear() {
        assertThat(INSTRUMENTS.builtIn("zhejiang-2022").instrument())
                .extracting(Instrument::province, Instrument::year).containsExactly("33", 2022);
        assertThat(INSTRUMENTS.builtIn("henan-liangan-2020").instrument())
                .extracting(Instrument::province, Instrument::year).containsExactly("41", 2020);
    }

    @Test
    void henanSettingsSayTheWordingIsOurs() {
        assertThat(INSTRUMENTS.builtIn("henan-liangan-2020").instrument().settings().get("wording")).startsWith("ours");
    }

    @Test
    void henanAsksAboutPoliceProcuratorateCourtsAndJusticeBureaus() {
        String labels = String.join("|", INSTRUMENTS.builtIn("henan-liangan-2020").instrument().questions().stream()
                .map(q -> q.label("zh")).toList());
        assertThat(labels).contains("公安机关", "检察院", "法院", "司法行政机关");
    }

    /**
     * Seed 1, 附件4, written out by hand from the seed text: question, code, Chinese label. PDF line-break
     * spaces inside Chinese words ("参 与过", "公共安 全") are removed; "_____" blanks become text questions.
     */
    @Nested
    class ZhejiangMatchesSeedOneAppendixFour {
        static final String SEED_TABLE = """
                hukou|二、您的户籍地：
                hukou|1|省内
                hukou|2|省外及其他
                q1|一、今年以来，您或您的家人是否遭受过不法侵害？
                q1|1|没有
                q1|2|遭扒窃、盗窃、抢劫、抢夺
                q1|3|人身伤害
                q1|4|敲诈勒索
                q1|5|电信网络诈骗、网络赌博
                q1|6|套路贷
                q1|7|其他（请注明）
                q2|二、您觉得本地的社会治安状况如何？
                q2|1|好
                q2|2|较好
                q2|3|不太好
                q2|4|不好
                q3|三、今年以来，您或您的家人是否碰到过食品药品安全问题？
                q3|1|没有
                q3|2|假冒伪劣食品药品
                q3|3|食物中毒
                q3|4|虚假保健品
                q3|5|其他（请注明）
                q4|四、您觉得本地的食品药品安全状况如何？
                q4|1|好
                q4|2|较好
                q4|3|不太好
                q4|4|不好
                q5|五、今年以来，您或您的家人是否遇到过生产安全问题？
                q5|1|没有
                q5|2|企业生产安全事故
                q5|3|交通事故
                q5|4|火灾事故
                q5|5|燃气爆炸事故
                q5|6|工程建设事故
                q5|7|其他（请注明）
                q6|六、您觉得本地的生产安全状况如何？
                q6|1|好
                q6|2|较好
                q6|3|不太好
                q6|4|不好
                q7|七、今年以来，您所在地是否出现过生态环境问题？
                q7|1|没有
                q7|2|空气污染
                q7|3|水污染
                q7|4|土壤污染
                q7|5|其他（请注明）
                q8|八、您觉得本地的生态环境状况如何？
                q8|1|好
                q8|2|较好
                q8|3|不太好
                q8|4|不好
                q9|九、您觉得本地的总体安全感如何？
                q9|1|好
                q9|2|较好
                q9|3|不太好
                q9|4|不好
                q10|十、请问下列内容中，您关注的前三位安全问题是？（选三项）
                q10|1|社会治安
                q10|2|消防安全
                q10|3|生产安全
                q10|4|生态环境安全
                q10|5|交通安全
                q10|6|网络信息安全
                q10|7|食品药品安全
                q10|8|公共卫生安全（含医疗事故、疫情等）
                q11|十一、您知道以下哪些属于电信网络诈骗？
                q11|1|公检法电话要求转账
                q11|2|网上兼职刷单
                q11|3|直播间炒股
                q11|4|交友婚恋为由参与虚拟货币投资
                q11|5|网络贷款
                q11|6|网络赌博
                q11|7|退款、退费、退税，要求先付保证金
                q11|8|被拉进QQ工作群，群里公司老板着急要求转账
                q11|9|微信上自称领导要求代为转账
                q11|10|免费领取游戏皮肤和福利
                q11|11|利用赌博游戏漏洞赚钱
                q11|12|以注销贷款记录为由要求登录借贷平台或者下载贷款APP进行操作
                q11|13|其他（请注明）
                q11|14|不知道
                q12|十二、您是否参与过平安创建活动？
                q12|1|参与过疫情防控、矛盾纠纷调解、平安巡防、安全检查、维持公共秩序等志愿活动
                q12|2|参与过消防演习、应急演练
                q12|3|参与过禁毒、禁赌、扫黄
                q12|4|制止或报告违法犯罪行为及公共安全问题（如：消防、交通、食品药品、生态环境、市政设施安全等）
                q12|5|参与过平安宣传资料发放、平安建设问卷调查等
                q12|6|其他（请注明）
                q12|7|没有参加
                q13|十三、您对打击整治养老诈骗专项工作的总体评价？
                q13|1|好
                q13|2|较好
                q13|3|差
                q13|4|不了解
                """;

        @Test
        void questionsAndOptionsMatchTheSeedCodeByCodeInOrder() {
            Instrument f = INSTRUMENTS.builtIn("zhejiang-2022").instrument();
            List<String> actual = new ArrayList<>();
            for (Question q : f.questions()) {
                if (!q.type().select()) {
                    continue;
                }
                actual.add(q.name() + "|" + q.label("zh"));
                for (Choice c : f.choiceList(q.listName()).orElseThrow().choices()) {
                    actual.add(q.name() + "|" + c.name() + "|" + c.label("zh"));
                }
            }
            assertThat(actual).containsExactlyElementsOf(SEED_TABLE.lines().toList());
        }

        @Test
        void ageIsTheFirstPersonalQuestionInWholeYears() {
            Question age = INSTRUMENTS.builtIn("zhejiang-2022").instrument().question("age").orElseThrow();
            assertThat(age.type()).isEqualTo(QuestionType.INTEGER);
            assertThat(age.label("zh")).isEqualTo("一、您的年龄：");
            assertThat(age.hint().get("zh")).isEqualTo("周岁");
        }

        @Test
        void everyOtherPleaseSpecifyOptionHasARequiredFollowUpText() {
            InterviewFlow flow = INSTRUMENTS.builtIn("zhejiang-2022");
            for (String q : List.of("q1", "q3", "q5", "q7", "q11", "q12")) {
                Question follow = flow.question(q + "_other").orElseThrow();
                assertThat(follow.type()).isEqualTo(QuestionType.TEXT);
                assertThat(follow.required()).isEqualTo("yes");
                assertThat(follow.relevant()).startsWith("selected(${" + q + "}, '");
            }
        }

        @Test
        void exclusiveOptionsAndTheThreeChoicesOfQuestionTenAreStandardConstraints() {
            Instrument f = INSTRUMENTS.builtIn("zhejiang-2022").instrument();
            assertThat(f.question("q1").orElseThrow().constraint()).isEqualTo("not(selected(., '1') and count-selected(.) > 1)");
            assertThat(f.question("q11").orElseThrow().constraint()).isEqualTo("not(selected(., '14') and count-selected(.) > 1)");
            assertThat(f.question("q12").orElseThrow().constraint()).isEqualTo("not(selected(., '7') and count-selected(.) > 1)");
            assertThat(f.question("q10").orElseThrow().constraint()).isEqualTo("count-selected(.) = 3");
        }
    }
}
